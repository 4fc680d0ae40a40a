package dev.latchkey.content.dashboards;

import dev.latchkey.content.dashboards.Dashboard.Dashcard;
import dev.latchkey.content.dashboards.Dashboard.Tab;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SQL for dashboards, their tabs, dashcards and series. Decides nothing. */
final class DashboardRepository {
    private static final String COLUMNS = "id, entity_id, name, description, parameters, collection_id, collection_position, "
            + "creator_id, last_editor_id, points_of_interest, caveats, show_in_getting_started, position, enable_embedding, "
            + "embedding_params, public_uuid, made_public_by_id, cache_ttl, auto_apply_filters, width, archived, "
            + "archived_directly, archive_operation_id, created_at, updated_at";

    /** Columns map to the records' components by name (snake_case to camelCase); rows bind back by accessor. */
    private static final RowMapper<Dashboard> ROW = ConstructorMapper.of(Dashboard.class);

    private static final RowMapper<Tab> TAB = ConstructorMapper.of(Tab.class);

    private static final RowMapper<Dashcard> DASHCARD = (rs, ctx) -> new Dashcard(rs.getLong("id"), rs.getString("entity_id"),
            rs.getLong("dashboard_id"), rs.getObject("card_id", Long.class), rs.getObject("action_id", Long.class),
            rs.getObject("dashboard_tab_id", Long.class), rs.getInt("grid_row"), rs.getInt("grid_col"), rs.getInt("size_x"),
            rs.getInt("size_y"), rs.getString("parameter_mappings"), rs.getString("visualization_settings"), new ArrayList<>(),
            rs.getLong("created_at"), rs.getLong("updated_at"));

    long insert(Handle h, Dashboard d) {
        return h.createUpdate("INSERT INTO report_dashboard (entity_id, name, description, parameters, collection_id, "
                + "collection_position, creator_id, last_editor_id, points_of_interest, caveats, show_in_getting_started, position, "
                + "enable_embedding, embedding_params, cache_ttl, auto_apply_filters, width, archived, created_at, updated_at) "
                + "VALUES (:entityId, :name, :description, :parameters, :collectionId, :collectionPosition, :creatorId, "
                + ":lastEditorId, :pointsOfInterest, :caveats, :showInGettingStarted, :position, :enableEmbedding, "
                + ":embeddingParams, :cacheTtl, :autoApplyFilters, :width, :archived, :createdAt, :updatedAt)")
                .bindMethods(d).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    void update(Handle h, Dashboard d) {
        h.createUpdate("UPDATE report_dashboard SET name = :name, description = :description, parameters = :parameters, "
                + "collection_id = :collectionId, collection_position = :collectionPosition, last_editor_id = :lastEditorId, "
                + "points_of_interest = :pointsOfInterest, caveats = :caveats, show_in_getting_started = :showInGettingStarted, "
                + "position = :position, enable_embedding = :enableEmbedding, embedding_params = :embeddingParams, "
                + "cache_ttl = :cacheTtl, auto_apply_filters = :autoApplyFilters, width = :width, archived = :archived, "
                + "archived_directly = :archivedDirectly, archive_operation_id = :archiveOperationId, updated_at = :updatedAt "
                + "WHERE id = :id").bindMethods(d).execute();
    }

    /** Locks the dashboard row until the transaction ends, so two saves of one layout cannot interleave. */
    void lock(Handle h, long id) {
        h.createQuery("SELECT id FROM report_dashboard WHERE id = :id FOR UPDATE").bind("id", id).mapTo(Long.class).list();
    }

    Optional<Dashboard> find(Handle h, long id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM report_dashboard WHERE id = :id").bind("id", id).map(ROW).findOne();
    }

    /** Exact match in Java too: MariaDB's default collation compares case-insensitively. */
    Optional<Dashboard> findByEntityId(Handle h, String entityId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM report_dashboard WHERE entity_id = :e").bind("e", entityId).map(ROW)
                .stream().filter(d -> d.entityId().equals(entityId)).findFirst();
    }

    List<Dashboard> list(Handle h, Boolean archived) {
        if (archived == null) return h.createQuery("SELECT " + COLUMNS + " FROM report_dashboard ORDER BY id").map(ROW).list();
        return h.createQuery("SELECT " + COLUMNS + " FROM report_dashboard WHERE archived = :a ORDER BY id").bind("a", archived)
                .map(ROW).list();
    }

    List<Tab> tabs(Handle h, long dashboardId) {
        return h.createQuery("SELECT id, entity_id, dashboard_id, name, position, created_at, updated_at FROM report_dashboardtab "
                + "WHERE dashboard_id = :d ORDER BY position, id").bind("d", dashboardId).map(TAB).list();
    }

    /** The dashcards in layout order, each with its series card ids. */
    List<Dashcard> dashcards(Handle h, long dashboardId) {
        List<Dashcard> cards = h.createQuery("SELECT id, entity_id, dashboard_id, card_id, action_id, dashboard_tab_id, grid_row, "
                + "grid_col, size_x, size_y, parameter_mappings, visualization_settings, created_at, updated_at "
                + "FROM report_dashboardcard WHERE dashboard_id = :d ORDER BY grid_row, grid_col, id").bind("d", dashboardId)
                .map(DASHCARD).list();
        Map<Long, Dashcard> byId = new HashMap<>();
        cards.forEach(c -> byId.put(c.id(), c));
        h.createQuery("SELECT s.dashboardcard_id, s.card_id FROM dashboardcard_series s JOIN report_dashboardcard d "
                        + "ON d.id = s.dashboardcard_id WHERE d.dashboard_id = :d ORDER BY s.dashboardcard_id, s.position")
                .bind("d", dashboardId).map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .forEach(p -> byId.get(p[0]).series().add(p[1]));
        return cards;
    }

    /** Every tab, by dashboard id, in position order. */
    Map<Long, List<Tab>> allTabs(Handle h) {
        Map<Long, List<Tab>> out = new HashMap<>();
        h.createQuery("SELECT id, entity_id, dashboard_id, name, position, created_at, updated_at FROM report_dashboardtab "
                + "ORDER BY dashboard_id, position, id").map(TAB).forEach(t -> out.computeIfAbsent(t.dashboardId(), k -> new ArrayList<>()).add(t));
        return out;
    }

    /** Every dashcard with its series, by dashboard id, in layout order. */
    Map<Long, List<Dashcard>> allDashcards(Handle h) {
        Map<Long, List<Dashcard>> out = new HashMap<>();
        Map<Long, Dashcard> byId = new HashMap<>();
        h.createQuery("SELECT id, entity_id, dashboard_id, card_id, action_id, dashboard_tab_id, grid_row, grid_col, size_x, "
                        + "size_y, parameter_mappings, visualization_settings, created_at, updated_at FROM report_dashboardcard "
                        + "ORDER BY dashboard_id, grid_row, grid_col, id").map(DASHCARD).forEach(c -> {
                    out.computeIfAbsent(c.dashboardId(), k -> new ArrayList<>()).add(c);
                    byId.put(c.id(), c);
                });
        h.createQuery("SELECT dashboardcard_id, card_id FROM dashboardcard_series ORDER BY dashboardcard_id, position")
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .forEach(p -> byId.get(p[0]).series().add(p[1]));
        return out;
    }

    long insertTab(Handle h, String entityId, long dashboardId, String name, int position, long now) {
        return h.createUpdate("INSERT INTO report_dashboardtab (entity_id, dashboard_id, name, position, created_at, updated_at) "
                        + "VALUES (:e, :d, :n, :p, :now, :now)")
                .bind("e", entityId).bind("d", dashboardId).bind("n", name).bind("p", position).bind("now", now)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    void updateTab(Handle h, long id, String name, int position, long now) {
        h.createUpdate("UPDATE report_dashboardtab SET name = :n, position = :p, updated_at = :now WHERE id = :id")
                .bind("n", name).bind("p", position).bind("now", now).bind("id", id).execute();
    }

    void deleteTab(Handle h, long id) {
        h.createUpdate("DELETE FROM report_dashboardtab WHERE id = :id").bind("id", id).execute();
    }

    long insertDashcard(Handle h, Dashcard c) {
        long id = h.createUpdate("INSERT INTO report_dashboardcard (entity_id, dashboard_id, card_id, action_id, dashboard_tab_id, "
                        + "grid_row, grid_col, size_x, size_y, parameter_mappings, visualization_settings, created_at, updated_at) "
                        + "VALUES (:e, :d, :card, :action, :tab, :row, :col, :sx, :sy, :pm, :vs, :now, :now)")
                .bind("e", c.entityId()).bind("d", c.dashboardId()).bind("card", c.cardId()).bind("action", c.actionId())
                .bind("tab", c.dashboardTabId()).bind("row", c.row()).bind("col", c.col()).bind("sx", c.sizeX())
                .bind("sy", c.sizeY()).bind("pm", c.parameterMappings()).bind("vs", c.visualizationSettings())
                .bind("now", c.updatedAt()).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        insertSeries(h, id, c.series());
        return id;
    }

    void updateDashcard(Handle h, Dashcard c) {
        h.createUpdate("UPDATE report_dashboardcard SET card_id = :card, action_id = :action, dashboard_tab_id = :tab, "
                        + "grid_row = :row, grid_col = :col, size_x = :sx, size_y = :sy, parameter_mappings = :pm, "
                        + "visualization_settings = :vs, updated_at = :now WHERE id = :id")
                .bind("card", c.cardId()).bind("action", c.actionId()).bind("tab", c.dashboardTabId()).bind("row", c.row())
                .bind("col", c.col()).bind("sx", c.sizeX()).bind("sy", c.sizeY()).bind("pm", c.parameterMappings())
                .bind("vs", c.visualizationSettings()).bind("now", c.updatedAt()).bind("id", c.id()).execute();
        h.createUpdate("DELETE FROM dashboardcard_series WHERE dashboardcard_id = :id").bind("id", c.id()).execute();
        insertSeries(h, c.id(), c.series());
    }

    void deleteDashcard(Handle h, long id) {
        h.createUpdate("DELETE FROM dashboardcard_series WHERE dashboardcard_id = :id").bind("id", id).execute();
        h.createUpdate("DELETE FROM report_dashboardcard WHERE id = :id").bind("id", id).execute();
    }

    /** The dashboard, its dashcards (with series) and tabs. */
    void delete(Handle h, long id) {
        h.createUpdate("DELETE FROM dashboardcard_series WHERE dashboardcard_id IN "
                + "(SELECT id FROM report_dashboardcard WHERE dashboard_id = :id)").bind("id", id).execute();
        h.createUpdate("DELETE FROM report_dashboardcard WHERE dashboard_id = :id").bind("id", id).execute();
        h.createUpdate("DELETE FROM report_dashboardtab WHERE dashboard_id = :id").bind("id", id).execute();
        h.createUpdate("DELETE FROM report_dashboard WHERE id = :id").bind("id", id).execute();
    }

    private static void insertSeries(Handle h, long dashcardId, List<Long> cardIds) {
        for (int i = 0; i < cardIds.size(); i++) {
            h.createUpdate("INSERT INTO dashboardcard_series (dashboardcard_id, card_id, position) VALUES (:d, :c, :p)")
                    .bind("d", dashcardId).bind("c", cardIds.get(i)).bind("p", i).execute();
        }
    }
}
