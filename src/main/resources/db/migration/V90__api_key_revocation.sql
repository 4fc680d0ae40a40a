-- Issue 15: a key reported as leaked is revoked, not deleted: the row stays so admins still see it in the key
-- list (with the report's URL), while authentication treats any revoked_at as "no such key". Regenerating the
-- key clears the mark (its leaked secret is gone with it). NULL everywhere for keys that were never revoked.
ALTER TABLE api_key ADD COLUMN revoked_at BIGINT;
ALTER TABLE api_key ADD COLUMN revoked_reason VARCHAR(32);
ALTER TABLE api_key ADD COLUMN leak_url VARCHAR(2048);
ALTER TABLE api_key ADD COLUMN leak_source VARCHAR(255);
