-- Issue 14: restrictions that narrow a key (JSON text: read_only, allowed_paths, allowed_ips, rate_limit; NULL = none,
-- Metabase's unrestricted key) and personal keys (owner_id: the person the key acts as; NULL for Metabase's group keys).
ALTER TABLE api_key ADD COLUMN restrictions ${text};
ALTER TABLE api_key ADD COLUMN owner_id BIGINT;
ALTER TABLE api_key ADD CONSTRAINT fk_api_key_owner FOREIGN KEY (owner_id) REFERENCES core_user (id);
CREATE INDEX idx_api_key_owner ON api_key (owner_id);
