package dev.latchkey.content.dashboards;

import dev.latchkey.content.EntityIds;
import dev.latchkey.content.dashboards.Dashboard.Dashcard;
import dev.latchkey.content.dashboards.Dashboard.Tab;
import dev.latchkey.content.dashboards.DashboardInputs.DashcardInput;
import dev.latchkey.content.dashboards.DashboardInputs.TabInput;
import dev.latchkey.core.AppError;
import org.jdbi.v3.core.Handle;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Replaces a dashboard's tabs and/or dashcards with the lists a PUT sent, inside the caller's transaction.
 * Items with an id the dashboard has are updated, others (negative ids) created, and the ones left out
 * deleted; a tab's dashcards go with it. Tabs take their position from the list order.
 */
final class DashboardLayout {
    static final String TAB_MISSING = "This dashboard has tab, makes sure every card has a tab";
    static final String UNKNOWN_TAB = "value must name a tab of this dashboard";

    /** Checks that the caller may put a card on the dashboard (read; and not archived when `added`). */
    interface CardCheck {
        void check(long cardId, boolean added);
    }

    private final DashboardRepository repo;

    DashboardLayout(DashboardRepository repo) { this.repo = repo; }

    void replace(Handle h, long dashboardId, List<TabInput> tabs, List<DashcardInput> dashcards, CardCheck cards) {
        long now = System.currentTimeMillis();
        List<Tab> currentTabs = repo.tabs(h, dashboardId);
        Map<Long, Long> tabIds = new HashMap<>();
        Set<Long> removedTabs = new HashSet<>();
        if (tabs == null) {
            currentTabs.forEach(t -> tabIds.put(t.id(), t.id()));
        } else {
            Set<Long> existing = new HashSet<>();
            currentTabs.forEach(t -> existing.add(t.id()));
            for (int i = 0; i < tabs.size(); i++) {
                TabInput t = tabs.get(i);
                if (existing.contains(t.id())) {
                    repo.updateTab(h, t.id(), t.name(), i, now);
                    tabIds.put(t.id(), t.id());
                } else {
                    String entityId = EntityIds.isValid(t.entityId()) ? t.entityId() : EntityIds.generate();
                    tabIds.put(t.id(), repo.insertTab(h, entityId, dashboardId, t.name(), i, now));
                }
            }
            currentTabs.stream().filter(t -> !tabIds.containsKey(t.id())).forEach(t -> removedTabs.add(t.id()));
        }
        List<Dashcard> currentCards = repo.dashcards(h, dashboardId);
        if (dashcards != null) {
            replaceDashcards(h, dashboardId, currentCards, dashcards, tabIds, cards, now);
        } else {
            currentCards.stream().filter(c -> c.dashboardTabId() != null && removedTabs.contains(c.dashboardTabId()))
                    .forEach(c -> repo.deleteDashcard(h, c.id()));
        }
        removedTabs.forEach(id -> repo.deleteTab(h, id));
    }

    private void replaceDashcards(Handle h, long dashboardId, List<Dashcard> current, List<DashcardInput> wanted,
                                  Map<Long, Long> tabIds, CardCheck cards, long now) {
        Map<Long, Dashcard> byId = new HashMap<>();
        current.forEach(c -> byId.put(c.id(), c));
        Set<Long> kept = new HashSet<>();
        for (DashcardInput in : wanted) {
            Long tab = in.dashboardTabId() == null ? null : tabIds.get(in.dashboardTabId());
            if (in.dashboardTabId() != null && tab == null) throw AppError.invalid("dashcards", UNKNOWN_TAB, in.dashboardTabId());
            if (tab == null && !tabIds.isEmpty()) throw AppError.badRequest(TAB_MISSING);
            Dashcard old = byId.get(in.id());
            if (in.cardId() != null && (old == null || !Objects.equals(old.cardId(), in.cardId()))) cards.check(in.cardId(), true);
            for (long s : in.series()) {
                if (old == null || !old.series().contains(s)) cards.check(s, true);
            }
            if (old != null) {
                kept.add(old.id());
                repo.updateDashcard(h, new Dashcard(old.id(), old.entityId(), dashboardId, in.cardId(), in.actionId(), tab,
                        in.row(), in.col(), in.sizeX(), in.sizeY(), in.parameterMappings(), in.visualizationSettings(),
                        in.series(), old.createdAt(), now));
            } else {
                String entityId = EntityIds.isValid(in.entityId()) ? in.entityId() : EntityIds.generate();
                repo.insertDashcard(h, new Dashcard(0, entityId, dashboardId, in.cardId(), in.actionId(), tab, in.row(),
                        in.col(), in.sizeX(), in.sizeY(), in.parameterMappings(), in.visualizationSettings(), in.series(), now, now));
            }
        }
        current.stream().filter(c -> !kept.contains(c.id())).forEach(c -> repo.deleteDashcard(h, c.id()));
    }

    /** The cards (and series cards) that existing dashcards point at. */
    static Set<Long> cardIdsOf(List<Dashboard.Dashcard> dashcards) {
        Set<Long> ids = new HashSet<>();
        for (Dashboard.Dashcard d : dashcards) {
            if (d.cardId() != null) ids.add(d.cardId());
            ids.addAll(d.series());
        }
        return ids;
    }

    /** The cards (and series cards) that a requested layout points at. */
    static Set<Long> cardIdsIn(List<DashcardInput> dashcards) {
        Set<Long> ids = new HashSet<>();
        for (DashcardInput d : dashcards) {
            if (d.cardId() != null) ids.add(d.cardId());
            ids.addAll(d.series());
        }
        return ids;
    }
}
