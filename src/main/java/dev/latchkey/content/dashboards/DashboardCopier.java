package dev.latchkey.content.dashboards;

import dev.latchkey.content.collections.CollectionRow;
import dev.latchkey.core.Actor;
import dev.latchkey.content.EntityIds;
import dev.latchkey.content.cards.Card;
import dev.latchkey.content.cards.CardService;
import dev.latchkey.content.dashboards.Dashboard.Dashcard;
import dev.latchkey.permissions.Rights;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Copies a dashboard's tabs and dashcards onto a new dashboard inside one transaction. Shallow copies point at
 * the same cards. Deep copies duplicate each readable question (models are reused) into the target collection,
 * named "<name> - Duplicate" when it is the source card's own collection; dashcards whose card the caller
 * cannot read are left out and reported.
 */
final class DashboardCopier {
    private final DashboardRepository repo;
    private final CardService cards;
    private final Handle h;
    private final Actor actor;
    private final Rights rights;
    private final Map<Long, CollectionRow> collections;
    private final Map<Long, Long> copiedCards = new HashMap<>();

    DashboardCopier(DashboardRepository repo, CardService cards, Handle h, Actor actor, Rights rights, Map<Long, CollectionRow> collections) {
        this.repo = repo;
        this.cards = cards;
        this.h = h;
        this.actor = actor;
        this.rights = rights;
        this.collections = collections;
    }

    /** Returns the dashcards left out of a deep copy (as {"id", "card_id"} maps). */
    List<Object> copyLayout(Dashboard src, long target, Long targetCollection, boolean deep) {
        long now = System.currentTimeMillis();
        Map<Long, Long> tabs = new HashMap<>();
        for (Dashboard.Tab t : repo.tabs(h, src.id())) {
            tabs.put(t.id(), repo.insertTab(h, EntityIds.generate(), target, t.name(), t.position(), now));
        }
        List<Object> uncopied = new ArrayList<>();
        for (Dashcard c : repo.dashcards(h, src.id())) {
            Long card = c.cardId() == null ? null : deep ? deepCard(c.cardId(), targetCollection) : c.cardId();
            if (c.cardId() != null && card == null) {
                uncopied.add(Map.of("id", c.id(), "card_id", c.cardId()));
                continue;
            }
            List<Long> series = new ArrayList<>();
            for (long s : c.series()) {
                Long copied = deep ? deepCard(s, targetCollection) : Long.valueOf(s);
                if (copied != null) series.add(copied);
            }
            repo.insertDashcard(h, new Dashcard(0, EntityIds.generate(), target, card, c.actionId(),
                    c.dashboardTabId() == null ? null : tabs.get(c.dashboardTabId()), c.row(), c.col(), c.sizeX(), c.sizeY(),
                    c.parameterMappings(), c.visualizationSettings(), series, now, now));
        }
        return uncopied;
    }

    /** The id to use for a card in a deep copy, or null when the caller cannot read it. */
    private Long deepCard(long cardId, Long targetCollection) {
        if (copiedCards.containsKey(cardId)) return copiedCards.get(cardId);
        Card c = cards.find(h, cardId).orElse(null);
        Long result;
        if (c == null || !CardService.canRead(collections, rights, c)) result = null;
        else if (c.isModel()) result = c.id();
        else {
            String name = Objects.equals(c.collectionId(), targetCollection) ? c.name() + " - Duplicate" : c.name();
            result = cards.duplicate(h, actor, c, targetCollection, name);
        }
        copiedCards.put(cardId, result);
        return result;
    }
}
