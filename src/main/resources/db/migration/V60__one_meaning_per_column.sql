-- Issue 10: one word, one meaning. permissions_group.name_key is lower(name); api_key's column of the same name
-- held the SHA-256 (hex) of lower(name), so it is now name_hash. The unique constraint keeps its name.
ALTER TABLE api_key RENAME COLUMN name_key TO name_hash;
-- Columns nothing ever read or wrote.
ALTER TABLE collection_permission_graph_revision DROP COLUMN remark;
ALTER TABLE permissions_group DROP COLUMN entity_id;
