-- Content and collection permissions: collections (a tree by location path), questions (report_card),
-- dashboards with tabs and dashcards, the collection permission rows and the graph revisions.
-- Portable SQL for H2, PostgreSQL and MariaDB; ${id} and ${text} are Flyway placeholders (db/Database).
--
-- Archiving: archive_operation_id names the archive operation that archived a row, archived_directly tells
-- whether the row itself was archived (TRUE) or came along with an archived collection (FALSE). Unarchiving
-- a collection restores exactly the rows of its operation, so items archived separately stay archived.

CREATE TABLE collection (
    id ${id},
    entity_id VARCHAR(21) NOT NULL,
    name VARCHAR(254) NOT NULL,
    slug VARCHAR(510) NOT NULL,
    description ${text},
    color VARCHAR(7),
    -- the ancestor ids, root first, without the collection's own id: '/' or '/4/9/'
    location VARCHAR(700) DEFAULT '/' NOT NULL,
    personal_owner_id BIGINT,
    namespace VARCHAR(254),
    authority_level VARCHAR(16),
    type VARCHAR(32),
    archived BOOLEAN DEFAULT FALSE NOT NULL,
    archived_directly BOOLEAN,
    archive_operation_id VARCHAR(36),
    created_at BIGINT NOT NULL,
    CONSTRAINT uq_collection_entity_id UNIQUE (entity_id),
    -- one personal collection per user; NULLs (ordinary collections) do not collide on any of the three databases
    CONSTRAINT uq_collection_personal_owner UNIQUE (personal_owner_id),
    CONSTRAINT fk_collection_personal_owner FOREIGN KEY (personal_owner_id) REFERENCES core_user (id)
);
CREATE INDEX idx_collection_location ON collection (location);
CREATE INDEX idx_collection_archive_op ON collection (archive_operation_id);

-- A group's right on one collection; collection_id 0 is the root collection ("Our analytics"). No row = none.
-- Administrators have no rows: they can write everywhere by definition. Rows never exist for collections
-- inside a personal tree. Deleting a group removes its rows (its members fall back to their other groups).
CREATE TABLE collection_permission (
    group_id BIGINT NOT NULL,
    collection_id BIGINT NOT NULL,
    perm VARCHAR(8) NOT NULL,
    CONSTRAINT pk_collection_permission PRIMARY KEY (group_id, collection_id),
    CONSTRAINT fk_collection_permission_group FOREIGN KEY (group_id) REFERENCES permissions_group (id) ON DELETE CASCADE,
    CONSTRAINT ck_collection_permission_perm CHECK (perm IN ('read', 'write'))
);
CREATE INDEX idx_collection_permission_coll ON collection_permission (collection_id);

-- One row per accepted graph change. The primary key is the revision number: two writers that both read
-- revision n cannot both insert n+1, so exactly one of them wins.
CREATE TABLE collection_permission_graph_revision (
    id BIGINT NOT NULL PRIMARY KEY,
    before_graph ${text} NOT NULL,
    after_graph ${text} NOT NULL,
    user_id BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    remark ${text},
    CONSTRAINT fk_graph_revision_user FOREIGN KEY (user_id) REFERENCES core_user (id)
);

CREATE TABLE report_card (
    id ${id},
    entity_id VARCHAR(21) NOT NULL,
    name VARCHAR(254) NOT NULL,
    description ${text},
    display VARCHAR(254) NOT NULL,
    dataset_query ${text} NOT NULL,
    visualization_settings ${text} NOT NULL,
    parameters ${text} NOT NULL,
    parameter_mappings ${text} NOT NULL,
    result_metadata ${text},
    query_type VARCHAR(16),
    database_id BIGINT,
    table_id BIGINT,
    card_type VARCHAR(16) DEFAULT 'question' NOT NULL,
    collection_id BIGINT,
    collection_position INTEGER,
    collection_preview BOOLEAN DEFAULT TRUE NOT NULL,
    creator_id BIGINT NOT NULL,
    last_editor_id BIGINT,
    cache_ttl INTEGER,
    enable_embedding BOOLEAN DEFAULT FALSE NOT NULL,
    embedding_params ${text},
    public_uuid VARCHAR(36),
    made_public_by_id BIGINT,
    archived BOOLEAN DEFAULT FALSE NOT NULL,
    archived_directly BOOLEAN,
    archive_operation_id VARCHAR(36),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT uq_report_card_entity_id UNIQUE (entity_id),
    CONSTRAINT fk_report_card_collection FOREIGN KEY (collection_id) REFERENCES collection (id),
    CONSTRAINT fk_report_card_creator FOREIGN KEY (creator_id) REFERENCES core_user (id)
);
CREATE INDEX idx_report_card_collection ON report_card (collection_id, archived);
CREATE INDEX idx_report_card_archive_op ON report_card (archive_operation_id);

CREATE TABLE report_dashboard (
    id ${id},
    entity_id VARCHAR(21) NOT NULL,
    name VARCHAR(254) NOT NULL,
    description ${text},
    parameters ${text} NOT NULL,
    collection_id BIGINT,
    collection_position INTEGER,
    creator_id BIGINT NOT NULL,
    last_editor_id BIGINT,
    points_of_interest ${text},
    caveats ${text},
    show_in_getting_started BOOLEAN DEFAULT FALSE NOT NULL,
    position INTEGER,
    enable_embedding BOOLEAN DEFAULT FALSE NOT NULL,
    embedding_params ${text},
    public_uuid VARCHAR(36),
    made_public_by_id BIGINT,
    cache_ttl INTEGER,
    auto_apply_filters BOOLEAN DEFAULT TRUE NOT NULL,
    width VARCHAR(16) DEFAULT 'fixed' NOT NULL,
    archived BOOLEAN DEFAULT FALSE NOT NULL,
    archived_directly BOOLEAN,
    archive_operation_id VARCHAR(36),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT uq_report_dashboard_entity_id UNIQUE (entity_id),
    CONSTRAINT fk_report_dashboard_collection FOREIGN KEY (collection_id) REFERENCES collection (id),
    CONSTRAINT fk_report_dashboard_creator FOREIGN KEY (creator_id) REFERENCES core_user (id)
);
CREATE INDEX idx_report_dashboard_collection ON report_dashboard (collection_id, archived);
CREATE INDEX idx_report_dashboard_archive_op ON report_dashboard (archive_operation_id);

CREATE TABLE report_dashboardtab (
    id ${id},
    entity_id VARCHAR(21) NOT NULL,
    dashboard_id BIGINT NOT NULL,
    name VARCHAR(254) NOT NULL,
    position INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT uq_report_dashboardtab_entity_id UNIQUE (entity_id),
    CONSTRAINT fk_report_dashboardtab_dashboard FOREIGN KEY (dashboard_id) REFERENCES report_dashboard (id)
);
CREATE INDEX idx_report_dashboardtab_dashboard ON report_dashboardtab (dashboard_id);

-- grid_row / grid_col are Metabase's row / col (ROW is a keyword on H2).
CREATE TABLE report_dashboardcard (
    id ${id},
    entity_id VARCHAR(21) NOT NULL,
    dashboard_id BIGINT NOT NULL,
    card_id BIGINT,
    action_id BIGINT,
    dashboard_tab_id BIGINT,
    grid_row INTEGER NOT NULL,
    grid_col INTEGER NOT NULL,
    size_x INTEGER NOT NULL,
    size_y INTEGER NOT NULL,
    parameter_mappings ${text} NOT NULL,
    visualization_settings ${text} NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT uq_report_dashboardcard_entity_id UNIQUE (entity_id),
    CONSTRAINT fk_report_dashboardcard_dashboard FOREIGN KEY (dashboard_id) REFERENCES report_dashboard (id),
    CONSTRAINT fk_report_dashboardcard_card FOREIGN KEY (card_id) REFERENCES report_card (id),
    CONSTRAINT fk_report_dashboardcard_tab FOREIGN KEY (dashboard_tab_id) REFERENCES report_dashboardtab (id)
);
CREATE INDEX idx_report_dashboardcard_dashboard ON report_dashboardcard (dashboard_id);
CREATE INDEX idx_report_dashboardcard_card ON report_dashboardcard (card_id);

-- Extra cards drawn in one dashcard (Metabase "series"), in order.
CREATE TABLE dashboardcard_series (
    id ${id},
    dashboardcard_id BIGINT NOT NULL,
    card_id BIGINT NOT NULL,
    position INTEGER NOT NULL,
    CONSTRAINT fk_dashboardcard_series_dashcard FOREIGN KEY (dashboardcard_id) REFERENCES report_dashboardcard (id),
    CONSTRAINT fk_dashboardcard_series_card FOREIGN KEY (card_id) REFERENCES report_card (id)
);
CREATE INDEX idx_dashboardcard_series_dashcard ON dashboardcard_series (dashboardcard_id);
CREATE INDEX idx_dashboardcard_series_card ON dashboardcard_series (card_id);

-- A fresh instance, as in Metabase: All Users can write in the root collection, so new top-level
-- collections start out writable by everyone until an admin changes the graph.
INSERT INTO collection_permission (group_id, collection_id, perm)
    SELECT id, 0, 'write' FROM permissions_group WHERE role = 'all-users';
