package dev.latchkey.content.dashboards;

import dev.latchkey.content.collections.CollectionRow;
import dev.latchkey.content.ItemArchive;
import dev.latchkey.content.ImportResult;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.core.Actor;
import dev.latchkey.content.EntityIds;
import dev.latchkey.content.UserRef;
import dev.latchkey.content.cards.Card;
import dev.latchkey.content.cards.CardService;
import dev.latchkey.content.collections.CollectionAccess;
import dev.latchkey.content.dashboards.Dashboard.Dashcard;
import dev.latchkey.content.dashboards.DashboardInputs.CopyRequest;
import dev.latchkey.content.dashboards.DashboardInputs.DashboardChanges;
import dev.latchkey.content.dashboards.DashboardInputs.NewDashboard;
import dev.latchkey.content.dashboards.DashboardView.DashcardView;
import dev.latchkey.core.AppError;
import dev.latchkey.core.Check;
import dev.latchkey.db.Database;
import dev.latchkey.db.SqlErrors;
import dev.latchkey.people.PeopleService;
import dev.latchkey.people.User;
import dev.latchkey.permissions.PermissionService;
import dev.latchkey.permissions.Rights;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Dashboards with their tabs and dashcards. Rights come from the dashboard's collection: read to see it,
 * write to change it (on both collections for a move). Cards placed on a dashboard must be readable.
 */
public final class DashboardService {
    /** Dashboards follow their collection into the archive and back (CollectionAccess is given this in App). */
    public static ItemArchive archive() { return new ItemArchive("report_dashboard"); }

    static final String ARCHIVED = "The object has been archived.";
    static final String ARCHIVED_CARD = "You cannot add an archived card to a dashboard.";

    private final Database db;
    private final PermissionService permissions;
    private final CollectionAccess collections;
    private final CardService cards;
    private final PeopleService people;
    private final AuditLog audit;
    private final DashboardRepository repo = new DashboardRepository();
    private final DashboardLayout layout = new DashboardLayout(repo);
    private final DashboardImports imports = new DashboardImports(repo);

    public DashboardService(Database db, PermissionService permissions, CollectionAccess collections, CardService cards,
                            PeopleService people, AuditLog audit) {
        this.db = db;
        this.permissions = permissions;
        this.collections = collections;
        this.cards = cards;
        this.people = people;
        this.audit = audit;
    }

    // ---- for serialization (superusers) ----

    /** Every dashboard, archived ones included. */
    public List<Dashboard> all(Actor actor) {
        Check.permitted(actor.superuser());
        return db.withHandle(h -> repo.list(h, null));
    }

    public Optional<Dashboard> findByEntityId(Actor actor, String entityId) {
        Check.permitted(actor.superuser());
        return db.withHandle(h -> repo.findByEntityId(h, entityId));
    }

    /** The dashboard's tabs and dashcards (with series), in layout order. */
    public List<Dashboard.Tab> tabs(Actor actor, long dashboardId) {
        Check.permitted(actor.superuser());
        return db.withHandle(h -> repo.tabs(h, dashboardId));
    }

    public List<Dashcard> dashcards(Actor actor, long dashboardId) {
        Check.permitted(actor.superuser());
        return db.withHandle(h -> repo.dashcards(h, dashboardId));
    }

    /** Every dashboard, archived ones included, inside the caller's transaction (serialization export). */
    public List<Dashboard> all(Handle h, Actor actor) {
        Check.permitted(actor.superuser());
        return repo.list(h, null);
    }

    /** Every tab by dashboard id, in position order (one query, for exports). */
    public Map<Long, List<Dashboard.Tab>> allTabs(Handle h, Actor actor) {
        Check.permitted(actor.superuser());
        return repo.allTabs(h);
    }

    /** Every dashcard (with series) by dashboard id, in layout order (two queries, for exports). */
    public Map<Long, List<Dashcard>> allDashcards(Handle h, Actor actor) {
        Check.permitted(actor.superuser());
        return repo.allDashcards(h);
    }

    /** One tab of an imported dashboard. */
    public record ImportedTab(String entityId, String name, int position, long createdAt) {}

    /** One dashcard of an imported dashboard: card ids local, its tab named by the tab's entity_id. */
    public record ImportedDashcard(String entityId, Long cardId, Long actionId, String tabEntityId, int row, int col,
                                   int sizeX, int sizeY, String parameterMappings, String visualizationSettings,
                                   List<Long> series, long createdAt) {}

    /** One dashboard of a serialization import: JSON as text, references already local ids. */
    public record Imported(String entityId, String name, String description, String parameters, Long collectionId,
                           Integer collectionPosition, long creatorId, String pointsOfInterest, String caveats,
                           boolean showInGettingStarted, Integer position, boolean enableEmbedding, String embeddingParams,
                           Integer cacheTtl, boolean autoApplyFilters, String width, boolean archived, long createdAt,
                           List<ImportedTab> tabs, List<ImportedDashcard> dashcards) {}


    /**
     * Serialization import, inside the importer's transaction: creates or updates the dashboard with this
     * entity_id, and makes its tabs and dashcards exactly the imported ones (matched by entity_id).
     */
    public ImportResult importDashboard(Handle h, Actor actor, Imported in) {
        Check.permitted(actor.superuser());
        collections.requirePlacement(h, permissions.rightsOf(h, actor), in.collectionId(), !in.archived(), "collection_id");
        return imports.apply(h, actor.userId(), in);
    }

    // ---- the API ----

    /** POST /api/dashboard: needs write on the target collection (or root). */
    public DashboardView create(Actor actor, NewDashboard in) {
        return db.inTransaction(h -> {
            Rights rights = permissions.rightsOf(h, actor);
            collections.requirePlacement(h, rights, in.collectionId(), true, "collection_id");
            long id = insert(h, actor, in, in.parameters());
            audit.record(h, actor.userId(), "dashboard-create", "Dashboard", id, Map.of("name", in.name()));
            return view(h, rights, require(h, id), null);
        });
    }

    /** GET /api/dashboard/:id with dashcards and tabs; archived dashboards come back with archived = true. */
    public DashboardView get(Actor actor, long id) {
        return db.withHandle(h -> {
            Rights rights = permissions.rightsOf(h, actor);
            Dashboard d = require(h, id);
            collections.requireRead(h, rights, d.collectionId());
            return view(h, rights, d, null);
        });
    }

    /** GET /api/dashboard?f=all|mine|archived: readable dashboards by lower-case name, without their layout. */
    public List<DashboardView> list(Actor actor, String filter) {
        if (!Set.of("all", "mine", "archived").contains(filter)) {
            throw AppError.invalid("f", "nullable enum of all, mine, archived", filter);
        }
        return db.withHandle(h -> {
            Rights rights = permissions.rightsOf(h, actor);
            List<Dashboard> listed = repo.list(h, filter.equals("archived"));
            Map<Long, CollectionRow> all = collections.around(h, listed.stream().map(Dashboard::collectionId).toList());
            Map<Long, User> users = new HashMap<>();
            return listed.stream()
                    .filter(d -> CollectionAccess.canRead(all, rights, d.collectionId()))
                    .filter(d -> !filter.equals("mine") || d.creatorId() == actor.userId())
                    .sorted(Comparator.comparing((Dashboard d) -> d.name().toLowerCase(Locale.ROOT)).thenComparing(Dashboard::id))
                    .map(d -> summary(h, rights, all, users, d)).toList();
        });
    }

    /** PUT /api/dashboard/:id: fields, archive state, move, and (when sent) the whole layout. */
    public DashboardView update(Actor actor, long id, DashboardChanges ch) {
        return db.inTransaction(h -> {
            // Lock before any read: a layout is replaced as a whole, and two saves that each read the old layout
            // left the union of both. MariaDB's snapshot starts at the first plain read, so the lock comes first.
            repo.lock(h, id);
            Rights rights = permissions.rightsOf(h, actor);
            Dashboard d = require(h, id);
            collections.requireWrite(h, rights, d.collectionId());
            if (ch.enableEmbedding() != null || ch.embeddingParams() != null) Check.permitted(actor.superuser());
            Dashboard next = DashboardInputs.apply(d, ch, actor.userId());
            collections.requirePlacement(h, rights, next.collectionId(), !next.archived(), "collection_id");
            if (ch.dashcards() != null || ch.tabs() != null) {
                if (next.archived()) throw AppError.badRequest(ARCHIVED);
                if (ch.dashcards() != null) cards.lockForPlacement(h, DashboardLayout.cardIdsIn(ch.dashcards()));
                try {
                    layout.replace(h, id, ch.tabs(), ch.dashcards(), cardCheck(h, rights));
                } catch (RuntimeException e) {
                    // a card was deleted between its check and the insert of its dashcard
                    if (SqlErrors.classify(e) == SqlErrors.Kind.FOREIGN_KEY) throw AppError.notFound();
                    throw e;
                }
            }
            repo.update(h, next);
            recordUpdate(h, actor, d, next);
            return view(h, rights, require(h, id), null);
        });
    }

    /** The answer of the deprecated PUT /api/dashboard/:id/cards: the saved layout alone. */
    public record LayoutView(List<DashcardView> cards, List<DashboardView.TabView> tabs) {}

    /**
     * PUT /api/dashboard/:id/cards (deprecated in v0.49, still used by clients): a layout-only update, so the same
     * rights, locks, checks and audit event as PUT /api/dashboard/:id with `dashcards` and `tabs`.
     */
    public LayoutView updateCards(Actor actor, long id, DashboardChanges layoutOnly) {
        DashboardView saved = update(actor, id, layoutOnly);
        return new LayoutView(saved.dashcards(), saved.tabs());
    }

    /** DELETE /api/dashboard/:id: a hard delete of the dashboard with its tabs and dashcards. */
    public void delete(Actor actor, long id) {
        db.useTransaction(h -> {
            repo.lock(h, id); // first, as update does: a layout saved meanwhile is then seen and deleted with the rest
            Rights rights = permissions.rightsOf(h, actor);
            Dashboard d = require(h, id);
            collections.requireWrite(h, rights, d.collectionId());
            repo.delete(h, id);
            audit.record(h, actor.userId(), "dashboard-delete", "Dashboard", id, Map.of("name", d.name()));
        });
    }

    /**
     * POST /api/dashboard/:id/copy: a new dashboard with the source's parameters, tabs and dashcards. A deep
     * copy also copies the readable questions into the target; dashcards of unreadable cards are left out and
     * listed in `uncopied`.
     */
    public DashboardView copy(Actor actor, long id, CopyRequest req) {
        return db.inTransaction(h -> {
            Rights rights = permissions.rightsOf(h, actor);
            Dashboard src = require(h, id);
            cards.lockForPlacement(h, DashboardLayout.cardIdsOf(repo.dashcards(h, id)));
            collections.requireRead(h, rights, src.collectionId());
            collections.requirePlacement(h, rights, req.collectionId(), true, "collection_id");
            NewDashboard in = new NewDashboard(req.name() != null ? req.name() : src.name(),
                    req.description() != null ? req.description().value() : src.description(), src.parameters(),
                    src.cacheTtl(), req.collectionId(), req.collectionPosition(), null);
            long copy = insert(h, actor, in, src.parameters());
            List<Object> uncopied = new DashboardCopier(repo, cards, h, actor, rights, collectionsOfCards(h, src.id()))
                    .copyLayout(src, copy, req.collectionId(), req.deepCopy());
            audit.record(h, actor.userId(), "dashboard-create", "Dashboard", copy, Map.of("name", in.name(), "copied_from", id));
            return view(h, rights, require(h, copy), req.deepCopy() ? uncopied : null);
        });
    }

    // ---- internals ----

    private Dashboard require(Handle h, long id) { return repo.find(h, id).orElseThrow(AppError::notFound); }

    private long insert(Handle h, Actor actor, NewDashboard in, String parameters) {
        long now = System.currentTimeMillis();
        return repo.insert(h, new Dashboard(0, in.entityId() != null ? in.entityId() : EntityIds.generate(), in.name(),
                in.description(), parameters, in.collectionId(), in.collectionPosition(), actor.userId(), actor.userId(),
                null, null, false, null, false, null, null, null, in.cacheTtl(), true, "fixed", false, null, null, now, now));
    }

    /** The collections (and their top-level ancestors) of the cards on a dashboard's cards and series. */
    private Map<Long, CollectionRow> collectionsOfCards(Handle h, long dashboardId) {
        Set<Long> cardIds = new HashSet<>();
        repo.dashcards(h, dashboardId).forEach(c -> { if (c.cardId() != null) cardIds.add(c.cardId()); cardIds.addAll(c.series()); });
        return collections.around(h, cards.byIds(h, cardIds).stream().map(Card::collectionId).toList());
    }

    private DashboardLayout.CardCheck cardCheck(Handle h, Rights rights) {
        Map<Long, CollectionRow> all = new HashMap<>(); // the collections of the cards checked so far
        return (cardId, added) -> {
            Card c = cards.find(h, cardId).orElseThrow(AppError::notFound);
            if (c.collectionId() != null && !all.containsKey(c.collectionId())) all.putAll(collections.around(h, c.collectionId()));
            Check.permitted(CardService.canRead(all, rights, c));
            if (added && c.archived()) throw AppError.badRequest(ARCHIVED_CARD);
        };
    }

    private void recordUpdate(Handle h, Actor actor, Dashboard before, Dashboard after) {
        if (before.archived() != after.archived()) {
            audit.record(h, actor.userId(), after.archived() ? "dashboard-archive" : "dashboard-unarchive", "Dashboard",
                    after.id(), Map.of("name", after.name(), "collection_id", String.valueOf(after.collectionId())));
        }
        Map<String, Object> details = new HashMap<>();
        details.put("name", after.name());
        details.put("previous_collection_id", before.collectionId());
        details.put("collection_id", after.collectionId());
        audit.record(h, actor.userId(), "dashboard-update", "Dashboard", after.id(), details);
    }

    private DashboardView view(Handle h, Rights rights, Dashboard d, List<Object> uncopied) {
        List<Dashcard> dashcards = repo.dashcards(h, d.id());
        Set<Long> cardIds = new HashSet<>();
        dashcards.forEach(c -> { if (c.cardId() != null) cardIds.add(c.cardId()); cardIds.addAll(c.series()); });
        Map<Long, Card> byId = new HashMap<>();
        cards.byIds(h, cardIds).forEach(c -> byId.put(c.id(), c));
        List<Long> collectionIds = new ArrayList<>(byId.values().stream().map(Card::collectionId).toList());
        collectionIds.add(d.collectionId());
        Map<Long, CollectionRow> all = collections.around(h, collectionIds);
        List<DashcardView> views = new ArrayList<>();
        for (Dashcard c : dashcards) {
            views.add(DashcardView.of(c, c.cardId() == null ? null : cardOrId(all, rights, byId, c.cardId()),
                    c.series().stream().map(s -> cardOrId(all, rights, byId, s)).toList()));
        }
        Map<Long, User> users = new HashMap<>();
        return DashboardView.of(d, creator(h, users, d), lastEdit(h, users, d), CollectionAccess.summary(all, d.collectionId()),
                CollectionAccess.canWrite(all, rights, d.collectionId()), views,
                repo.tabs(h, d.id()).stream().map(DashboardView.TabView::of).toList(), uncopied);
    }

    private DashboardView summary(Handle h, Rights rights, Map<Long, CollectionRow> all, Map<Long, User> users, Dashboard d) {
        return DashboardView.of(d, creator(h, users, d), lastEdit(h, users, d), CollectionAccess.summary(all, d.collectionId()),
                CollectionAccess.canWrite(all, rights, d.collectionId()), null, null, null);
    }

    private static Object cardOrId(Map<Long, CollectionRow> all, Rights rights, Map<Long, Card> byId, long id) {
        Card c = byId.get(id);
        return c != null && CardService.canRead(all, rights, c) ? DashboardView.CardInDashcard.of(c) : Map.of("id", id);
    }

    private UserRef.Creator creator(Handle h, Map<Long, User> users, Dashboard d) {
        return UserRef.Creator.of(people.find(h, users, d.creatorId()));
    }

    private UserRef.LastEditInfo lastEdit(Handle h, Map<Long, User> users, Dashboard d) {
        if (d.lastEditorId() == null) return null;
        return UserRef.LastEditInfo.of(people.find(h, users, d.lastEditorId()), d.updatedAt());
    }
}
