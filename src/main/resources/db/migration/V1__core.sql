-- Core tables: people, sessions, groups, memberships, settings, audit log.
-- Portable SQL for H2, PostgreSQL and MariaDB/MySQL; ${id} and ${text} are Flyway placeholders (db/Database).
-- Times are stored as epoch milliseconds (BIGINT), which every database compares and sorts the same way.

CREATE TABLE core_user (
    id ${id},
    email VARCHAR(254) NOT NULL,
    first_name VARCHAR(254),
    last_name VARCHAR(254),
    password VARCHAR(254),
    type VARCHAR(64) DEFAULT 'personal' NOT NULL,
    is_active BOOLEAN DEFAULT TRUE NOT NULL,
    is_superuser BOOLEAN DEFAULT FALSE NOT NULL,
    locale VARCHAR(16),
    sso_source VARCHAR(64),
    date_joined BIGINT NOT NULL,
    last_login BIGINT,
    updated_at BIGINT NOT NULL,
    CONSTRAINT uq_core_user_email UNIQUE (email)
);
CREATE INDEX idx_core_user_type ON core_user (type, is_active);

-- Only a SHA-256 digest of each session id is stored (hex), so a database leak does not hand out sessions.
CREATE TABLE core_session (
    id_hash VARCHAR(64) NOT NULL PRIMARY KEY,
    user_id BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    CONSTRAINT fk_core_session_user FOREIGN KEY (user_id) REFERENCES core_user (id)
);
CREATE INDEX idx_core_session_user ON core_session (user_id);

-- role marks the two built-in groups ('all-users', 'admin'); code finds them by role, never by name or id.
-- name_key is lower(name): unique case-insensitively on every database, whatever its collation.
CREATE TABLE permissions_group (
    id ${id},
    name VARCHAR(254) NOT NULL,
    name_key VARCHAR(254) NOT NULL,
    role VARCHAR(32),
    entity_id VARCHAR(21),
    CONSTRAINT uq_permissions_group_name UNIQUE (name_key),
    CONSTRAINT uq_permissions_group_role UNIQUE (role)
);

CREATE TABLE permissions_group_membership (
    id ${id},
    user_id BIGINT NOT NULL,
    group_id BIGINT NOT NULL,
    is_group_manager BOOLEAN DEFAULT FALSE NOT NULL,
    CONSTRAINT uq_membership UNIQUE (user_id, group_id),
    CONSTRAINT fk_membership_user FOREIGN KEY (user_id) REFERENCES core_user (id),
    CONSTRAINT fk_membership_group FOREIGN KEY (group_id) REFERENCES permissions_group (id)
);
CREATE INDEX idx_membership_group ON permissions_group_membership (group_id);

CREATE TABLE setting (
    setting_key VARCHAR(254) NOT NULL PRIMARY KEY,
    setting_value ${text}
);

-- Written in the same transaction as the change it records.
CREATE TABLE audit_log (
    id ${id},
    topic VARCHAR(64) NOT NULL,
    created_at BIGINT NOT NULL,
    user_id BIGINT,
    model VARCHAR(64),
    model_id BIGINT,
    details ${text} NOT NULL
);
CREATE INDEX idx_audit_log_model ON audit_log (model, model_id);
CREATE INDEX idx_audit_log_topic ON audit_log (topic);

INSERT INTO permissions_group (name, name_key, role) VALUES ('All Users', 'all users', 'all-users');
INSERT INTO permissions_group (name, name_key, role) VALUES ('Administrators', 'administrators', 'admin');
