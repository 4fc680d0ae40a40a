package dev.latchkey.content.dashboards;

import dev.latchkey.content.ImportResult;
import dev.latchkey.content.dashboards.Dashboard.Dashcard;
import dev.latchkey.content.dashboards.Dashboard.Tab;
import dev.latchkey.content.dashboards.DashboardService.Imported;
import dev.latchkey.content.dashboards.DashboardService.ImportedDashcard;
import dev.latchkey.content.dashboards.DashboardService.ImportedTab;
import org.jdbi.v3.core.Handle;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Serialization's writes to dashboards, inside the importing transaction. The dashboard is matched by
 * entity_id and created or updated; its tabs and dashcards are matched by entity_id among the dashboard's own,
 * updated or created, and the ones the export does not list are deleted (Metabase's import does the same for
 * nested items; top-level entities are never deleted). New rows keep their exported entity_id and created_at.
 */
final class DashboardImports {
    private final DashboardRepository repo;

    DashboardImports(DashboardRepository repo) {
        this.repo = repo;
    }

    ImportResult apply(Handle h, long actorId, Imported in) {
        long now = System.currentTimeMillis();
        Dashboard existing = repo.findByEntityId(h, in.entityId()).orElse(null);
        // archive bookkeeping stays when the flag does not change; otherwise the row is (un)archived on its own
        boolean keep = existing != null && existing.archived() == in.archived();
        Dashboard row = new Dashboard(existing == null ? 0 : existing.id(), in.entityId(), in.name(), in.description(),
                in.parameters(), in.collectionId(), in.collectionPosition(),
                existing == null ? in.creatorId() : existing.creatorId(), actorId, in.pointsOfInterest(), in.caveats(),
                in.showInGettingStarted(), in.position(), in.enableEmbedding(), in.embeddingParams(),
                existing == null ? null : existing.publicUuid(), existing == null ? null : existing.madePublicById(),
                in.cacheTtl(), in.autoApplyFilters(), in.width(), in.archived(),
                keep ? existing.archivedDirectly() : (in.archived() ? Boolean.TRUE : null),
                keep ? existing.archiveOperationId() : null, existing == null ? in.createdAt() : existing.createdAt(), now);
        long id;
        if (existing == null) {
            id = repo.insert(h, row);
            // the insert leaves the archive bookkeeping empty; an archived import is archived on its own
            if (in.archived()) repo.update(h, withId(row, id));
        } else {
            id = existing.id();
            repo.update(h, row);
        }
        Map<String, Long> tabIds = syncTabs(h, id, in.tabs(), now);
        syncDashcards(h, id, in.dashcards(), tabIds, now);
        return new ImportResult(id, existing == null);
    }

    private Map<String, Long> syncTabs(Handle h, long dashboardId, List<ImportedTab> tabs, long now) {
        Map<String, Tab> current = new HashMap<>();
        repo.tabs(h, dashboardId).forEach(t -> current.put(t.entityId(), t));
        Map<String, Long> ids = new HashMap<>();
        for (ImportedTab t : tabs) {
            Tab old = current.get(t.entityId());
            if (old != null) {
                repo.updateTab(h, old.id(), t.name(), t.position(), now);
                ids.put(t.entityId(), old.id());
            } else {
                ids.put(t.entityId(), repo.insertTab(h, t.entityId(), dashboardId, t.name(), t.position(), t.createdAt()));
            }
        }
        return ids;
    }

    private void syncDashcards(Handle h, long dashboardId, List<ImportedDashcard> dashcards, Map<String, Long> tabIds, long now) {
        Map<String, Dashcard> current = new HashMap<>();
        repo.dashcards(h, dashboardId).forEach(d -> current.put(d.entityId(), d));
        Set<String> kept = new HashSet<>();
        for (ImportedDashcard d : dashcards) {
            Long tab = d.tabEntityId() == null ? null : tabIds.get(d.tabEntityId());
            Dashcard old = current.get(d.entityId());
            if (old != null) {
                kept.add(d.entityId());
                repo.updateDashcard(h, new Dashcard(old.id(), old.entityId(), dashboardId, d.cardId(), d.actionId(), tab,
                        d.row(), d.col(), d.sizeX(), d.sizeY(), d.parameterMappings(), d.visualizationSettings(), d.series(),
                        old.createdAt(), now));
            } else {
                // created_at and updated_at both take the exported creation time
                repo.insertDashcard(h, new Dashcard(0, d.entityId(), dashboardId, d.cardId(), d.actionId(), tab, d.row(),
                        d.col(), d.sizeX(), d.sizeY(), d.parameterMappings(), d.visualizationSettings(), d.series(),
                        d.createdAt(), d.createdAt()));
            }
        }
        current.values().stream().filter(d -> !kept.contains(d.entityId())).forEach(d -> repo.deleteDashcard(h, d.id()));
        repo.tabs(h, dashboardId).stream().filter(t -> !tabIds.containsKey(t.entityId())).forEach(t -> repo.deleteTab(h, t.id()));
    }

    private static Dashboard withId(Dashboard d, long id) {
        return new Dashboard(id, d.entityId(), d.name(), d.description(), d.parameters(), d.collectionId(),
                d.collectionPosition(), d.creatorId(), d.lastEditorId(), d.pointsOfInterest(), d.caveats(),
                d.showInGettingStarted(), d.position(), d.enableEmbedding(), d.embeddingParams(), d.publicUuid(),
                d.madePublicById(), d.cacheTtl(), d.autoApplyFilters(), d.width(), d.archived(), d.archivedDirectly(),
                d.archiveOperationId(), d.createdAt(), d.updatedAt());
    }
}
