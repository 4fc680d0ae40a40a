-- Issue 16: where a change came from when it did not come through the web API: 'cli' (the admin commands) or
-- 'config-file' (provisioning from MB_CONFIG_FILE_PATH). NULL for the API, so existing rows need no update.
ALTER TABLE audit_log ADD COLUMN source VARCHAR(16);
