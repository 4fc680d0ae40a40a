-- API keys (issue #3). One row per key; each key acts as its own core_user of type 'api-key'.
-- name_key is the SHA-256 (hex) of lower(name): key names are unique case-insensitively, and hashing keeps
-- the comparison identical on every database (MariaDB's default collation would otherwise also fold
-- accents and ignore trailing spaces). key_id is the public, lower-case id inside the key; secret_hash is
-- the SHA-256 (hex) of the key's secret part. The plaintext key is never stored.
CREATE TABLE api_key (
    id ${id},
    user_id BIGINT NOT NULL,
    name VARCHAR(254) NOT NULL,
    name_key CHAR(64) NOT NULL,
    key_id VARCHAR(32) NOT NULL,
    secret_hash CHAR(64) NOT NULL,
    creator_id BIGINT NOT NULL,
    updated_by_id BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT uq_api_key_name UNIQUE (name_key),
    CONSTRAINT uq_api_key_key_id UNIQUE (key_id),
    CONSTRAINT uq_api_key_user UNIQUE (user_id),
    CONSTRAINT fk_api_key_user FOREIGN KEY (user_id) REFERENCES core_user (id),
    CONSTRAINT fk_api_key_creator FOREIGN KEY (creator_id) REFERENCES core_user (id),
    CONSTRAINT fk_api_key_updated_by FOREIGN KEY (updated_by_id) REFERENCES core_user (id)
);
CREATE INDEX idx_api_key_creator ON api_key (creator_id);
CREATE INDEX idx_api_key_updated_by ON api_key (updated_by_id);
