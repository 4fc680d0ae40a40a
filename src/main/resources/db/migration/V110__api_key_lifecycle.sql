-- Issue 13: keys that expire, rotate with a grace window, and show how they are used.
-- expires_at: epoch ms after which the key authenticates nothing (NULL = never, Metabase's behaviour).
-- previous_key_id / previous_secret_hash / previous_key_expires_at: the secret a regenerate with grace_seconds > 0
-- replaced; it keeps working until previous_key_expires_at. NULL when no grace window is open.
ALTER TABLE api_key ADD COLUMN expires_at BIGINT;
ALTER TABLE api_key ADD COLUMN previous_key_id VARCHAR(32);
ALTER TABLE api_key ADD COLUMN previous_secret_hash CHAR(64);
ALTER TABLE api_key ADD COLUMN previous_key_expires_at BIGINT;
CREATE UNIQUE INDEX uq_api_key_previous_key_id ON api_key (previous_key_id);

-- Requests per key per UTC day, written in batches by apikeys.UsageRecorder (never once per request).
-- last_used_at: the latest successful authentication counted in that row (0 = none, only denials); a key's last
-- use is the largest over its rows.
-- A key's rows are deleted with the key (ApiKeyService.delete), in the same transaction.
CREATE TABLE api_key_usage (
    api_key_id BIGINT NOT NULL,
    day_number INTEGER NOT NULL,
    requests BIGINT NOT NULL,
    denied BIGINT NOT NULL,
    last_used_at BIGINT NOT NULL,
    CONSTRAINT pk_api_key_usage PRIMARY KEY (api_key_id, day_number),
    CONSTRAINT fk_api_key_usage_key FOREIGN KEY (api_key_id) REFERENCES api_key (id)
);
