-- Cross-instance cache invalidation on MariaDB/MySQL (PostgreSQL uses LISTEN/NOTIFY, H2 is single-instance; the
-- tables exist everywhere and stay empty there). Append-only, polled by id, pruned after 10 minutes.
CREATE TABLE cache_invalidation (
    id ${id},
    origin VARCHAR(32) NOT NULL,
    created_at BIGINT NOT NULL,
    payload VARCHAR(2000) NOT NULL
);
CREATE INDEX ix_cache_invalidation_created ON cache_invalidation (created_at);

-- One row per running instance: the database time its last poll started (writers wait for every live one).
CREATE TABLE cluster_member (
    instance_id VARCHAR(32) NOT NULL PRIMARY KEY,
    polled_at BIGINT NOT NULL
);
