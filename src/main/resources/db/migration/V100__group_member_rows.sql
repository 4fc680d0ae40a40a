-- Issue 17: GET /api/permissions/group shows each group's active members. Counting them with a grouped join over
-- every membership (80,000 rows at 20,000 people × 2,000 groups) took 30–90 ms on PostgreSQL. Each ordinary group
-- now keeps how many membership rows it has (GroupService changes it in the transaction that adds or removes one,
-- under the group's row lock); the list subtracts the memberships of inactive people, who are few (the index below
-- finds them). The two built-in groups keep NULL: All Users gains a row with every new person, and one counter row
-- would make every creation wait for the previous one; their rows are counted when listed.
ALTER TABLE permissions_group ADD COLUMN member_rows BIGINT;
UPDATE permissions_group SET member_rows =
    (SELECT COUNT(*) FROM permissions_group_membership m WHERE m.group_id = permissions_group.id) WHERE role IS NULL;
CREATE INDEX idx_core_user_active ON core_user (is_active);
