package dev.latchkey.content.cards;

import dev.latchkey.content.collections.CollectionRow;
import dev.latchkey.content.ItemArchive;
import dev.latchkey.content.ImportResult;
import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.core.Actor;
import dev.latchkey.content.EntityIds;
import dev.latchkey.content.UserRef;
import dev.latchkey.content.cards.CardInputs.CardChanges;
import dev.latchkey.content.cards.CardInputs.NewCard;
import dev.latchkey.content.collections.CollectionAccess;
import dev.latchkey.core.AppError;
import dev.latchkey.core.Check;
import dev.latchkey.core.Json;
import dev.latchkey.db.Database;
import dev.latchkey.db.SqlErrors;
import dev.latchkey.people.PeopleService;
import dev.latchkey.people.User;
import dev.latchkey.permissions.PermissionService;
import dev.latchkey.permissions.Rights;
import org.jdbi.v3.core.Handle;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Questions (cards). Reading a card needs read on its collection, changing it needs write there, moving it
 * needs write on both collections. Archiving a card on its own marks it archived_directly; archiving its
 * collection archives it as part of the collection's operation (see CollectionMoves).
 */
public final class CardService {
    /** Questions follow their collection into the archive and back (CollectionAccess is given this in App). */
    public static ItemArchive archive() { return new ItemArchive("report_card"); }

    static final String IN_USE = "The question was added to a dashboard while it was being deleted; please try again.";
    static final Set<String> FILTERS = Set.of("all", "mine", "archived", "bookmarked", "database", "table",
            "using_model", "using_metric", "using_segment");

    private final Database db;
    private final PermissionService permissions;
    private final CollectionAccess collections;
    private final PeopleService people;
    private final AuditLog audit;
    private final CardRepository repo = new CardRepository();
    private final CardImports imports = new CardImports(repo);

    public CardService(Database db, PermissionService permissions, CollectionAccess collections, PeopleService people, AuditLog audit) {
        this.db = db;
        this.permissions = permissions;
        this.collections = collections;
        this.people = people;
        this.audit = audit;
    }

    // ---- for other features ----

    public Optional<Card> find(Handle h, long id) { return repo.find(h, id); }

    /**
     * Before dashcards that point at these cards are written: locks the cards, so a concurrent delete of one comes
     * wholly before (the card is gone: 404) or after (it removes the new dashcard too). The foreign key alone does
     * not do that on H2, which let a dashcard of a deleted card survive.
     */
    public void lockForPlacement(Handle h, java.util.Collection<Long> cardIds) { repo.lock(h, new java.util.TreeSet<>(cardIds)); }

    public List<Card> byIds(Handle h, java.util.Collection<Long> ids) { return repo.byIds(h, ids); }

    /** Every card, archived ones included (serialization; superusers only). */
    public List<Card> all(Actor actor) {
        Check.permitted(actor.superuser());
        return db.withHandle(repo::all);
    }

    public Optional<Card> findByEntityId(Actor actor, String entityId) {
        Check.permitted(actor.superuser());
        return db.withHandle(h -> repo.findByEntityId(h, entityId));
    }

    /** Every card, archived ones included, inside the caller's transaction (serialization export). */
    public List<Card> all(Handle h, Actor actor) {
        Check.permitted(actor.superuser());
        return repo.all(h);
    }

    /** One question of a serialization import: JSON as text, references already local ids. */
    public record Imported(String entityId, String name, String description, String display, String datasetQuery,
                           String visualizationSettings, String parameters, String parameterMappings, String resultMetadata,
                           String cardType, Long collectionId, Integer collectionPosition, boolean collectionPreview,
                           long creatorId, Integer cacheTtl, boolean enableEmbedding, String embeddingParams,
                           boolean archived, long createdAt) {}


    /** Serialization import, inside the importer's transaction: creates or updates the card with this entity_id. */
    public ImportResult importCard(Handle h, Actor actor, Imported in) {
        Check.permitted(actor.superuser());
        collections.requirePlacement(h, permissions.rightsOf(h, actor), in.collectionId(), !in.archived(), "collection_id");
        return imports.apply(h, actor.userId(), in);
    }

    /** Whether the caller may read the card, given every collection by id (for lists and dashboards). */
    public static boolean canRead(Map<Long, CollectionRow> all, Rights rights, Card c) {
        return CollectionAccess.canRead(all, rights, c.collectionId());
    }

    /**
     * Inside the caller's transaction: a copy of `c` created by the caller in `collectionId` under `name`
     * (dashboard deep copies). The caller checks rights first.
     */
    public long duplicate(Handle h, Actor actor, Card c, Long collectionId, String name) {
        NewCard in = new NewCard(name.length() > 254 ? name.substring(0, 254) : name, c.description(), c.display(),
                c.datasetQuery(), c.visualizationSettings(), c.parameters(), c.parameterMappings(), c.resultMetadata(),
                collectionId, null, c.cacheTtl(), c.cardType(), null);
        long id = insert(h, actor, in);
        audit.record(h, actor.userId(), "card-create", "Card", id, Map.of("name", in.name(), "copied_from", c.id()));
        return id;
    }

    // ---- the API ----

    /** POST /api/card: needs write on the target collection (or root). */
    public CardView create(Actor actor, NewCard in) {
        return db.inTransaction(h -> {
            Rights rights = permissions.rightsOf(h, actor);
            collections.requirePlacement(h, rights, in.collectionId(), true, "collection_id");
            long id = insert(h, actor, in);
            audit.record(h, actor.userId(), "card-create", "Card", id, Map.of("name", in.name()));
            return view(h, rights, require(h, id));
        });
    }

    /** GET /api/card/:id: archived cards are returned too (with archived = true). */
    public CardView get(Actor actor, long id) {
        return db.withHandle(h -> {
            Rights rights = permissions.rightsOf(h, actor);
            Card c = require(h, id);
            collections.requireRead(h, rights, c.collectionId());
            return view(h, rights, c);
        });
    }

    /** GET /api/card?f=: the readable cards, by lower-case name. */
    public List<CardView> list(Actor actor, String filter, Long modelId) {
        if (!FILTERS.contains(filter)) throw AppError.invalid("f", "nullable enum of " + String.join(", ", FILTERS), filter);
        if (Set.of("database", "table", "using_model", "using_metric", "using_segment").contains(filter) && modelId == null) {
            throw AppError.field("model_id", "model_id is a required parameter when filter mode is '" + filter + "'");
        }
        return db.withHandle(h -> {
            Rights rights = permissions.rightsOf(h, actor);
            List<Card> listed = repo.list(h, filter.equals("archived"));
            Map<Long, CollectionRow> all = collections.around(h, listed.stream().map(Card::collectionId).toList());
            Map<Long, User> users = new HashMap<>();
            Map<Long, Long> dashboards = repo.dashboardCounts(h);
            return listed.stream()
                    .filter(c -> CollectionAccess.canRead(all, rights, c.collectionId()))
                    .filter(c -> matches(c, filter, modelId, actor.userId()))
                    .sorted(Comparator.comparing((Card c) -> c.name().toLowerCase(Locale.ROOT)).thenComparing(Card::id))
                    .map(c -> view(h, rights, all, users, c, dashboards.getOrDefault(c.id(), 0L))).toList();
        });
    }

    /** PUT /api/card/:id: partial update, including archive, unarchive and move. */
    public CardView update(Actor actor, long id, CardChanges ch) {
        return db.inTransaction(h -> {
            Rights rights = permissions.rightsOf(h, actor);
            Card c = require(h, id);
            collections.requireWrite(h, rights, c.collectionId());
            if (ch.enableEmbedding() != null || ch.embeddingParams() != null) Check.permitted(actor.superuser());
            Card next = CardChangesApplier.apply(c, ch, actor.userId());
            collections.requirePlacement(h, rights, next.collectionId(), !next.archived(), "collection_id");
            repo.update(h, next);
            recordUpdate(h, actor, c, next);
            return view(h, rights, require(h, id));
        });
    }

    /** DELETE /api/card/:id: a hard delete; the card also leaves every dashboard. */
    public void delete(Actor actor, long id) {
        db.useTransaction(h -> {
            repo.lock(h, List.of(id)); // first: a dashboard placing the card meanwhile is then seen, and its dashcard removed
            Rights rights = permissions.rightsOf(h, actor);
            Card c = require(h, id);
            collections.requireWrite(h, rights, c.collectionId());
            try {
                repo.delete(h, id);
            } catch (RuntimeException e) {
                // a dashboard placed the card at the same moment; nothing was deleted
                if (SqlErrors.classify(e) == SqlErrors.Kind.FOREIGN_KEY) throw AppError.conflict(IN_USE);
                throw e;
            }
            audit.record(h, actor.userId(), "card-delete", "Card", id, Map.of("name", c.name()));
        });
    }

    /** POST /api/card/:id/copy: "Copy of <name>" in the same collection, created by the caller. */
    public CardView copy(Actor actor, long id) {
        return db.inTransaction(h -> {
            Rights rights = permissions.rightsOf(h, actor);
            Card c = require(h, id);
            collections.requireRead(h, rights, c.collectionId());
            collections.requirePlacement(h, rights, c.collectionId(), true, "collection_id");
            long copy = duplicate(h, actor, c, c.collectionId(), "Copy of " + c.name());
            return view(h, rights, require(h, copy));
        });
    }

    /** POST /api/card/collections: moves cards to one collection (null = root); all or nothing. */
    public void moveAll(Actor actor, List<Long> cardIds, Long collectionId) {
        db.useTransaction(h -> {
            Rights rights = permissions.rightsOf(h, actor);
            collections.requireWrite(h, rights, collectionId);
            for (long id : cardIds) {
                Card c = require(h, id);
                collections.requireWrite(h, rights, c.collectionId());
                collections.requirePlacement(h, rights, collectionId, !c.archived(), "collection_id");
                Card next = CardChangesApplier.move(c, collectionId, actor.userId());
                repo.update(h, next);
                recordUpdate(h, actor, c, next);
            }
        });
    }

    // ---- internals ----

    private Card require(Handle h, long id) { return repo.find(h, id).orElseThrow(AppError::notFound); }

    private long insert(Handle h, Actor actor, NewCard in) {
        long now = System.currentTimeMillis();
        JsonNode query = Json.read(in.datasetQuery());
        String type = in.cardType() == null ? Card.QUESTION : in.cardType();
        String display = Card.MODEL.equals(type) ? "table" : in.display();
        return repo.insert(h, new Card(0, in.entityId() != null ? in.entityId() : EntityIds.generate(), in.name(),
                in.description(), display, in.datasetQuery(), in.visualizationSettings(), in.parameters(),
                in.parameterMappings(), in.resultMetadata(), CardChangesApplier.queryType(query),
                CardChangesApplier.databaseId(query), CardChangesApplier.tableId(query), type, in.collectionId(),
                in.collectionPosition(), true, actor.userId(), actor.userId(), in.cacheTtl(), false, null, null, null,
                false, null, null, now, now));
    }

    private void recordUpdate(Handle h, Actor actor, Card before, Card after) {
        if (before.archived() != after.archived()) {
            audit.record(h, actor.userId(), after.archived() ? "card-archive" : "card-unarchive", "Card", after.id(),
                    Map.of("name", after.name(), "collection_id", String.valueOf(after.collectionId())));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", after.name());
        details.put("previous_collection_id", before.collectionId());
        details.put("collection_id", after.collectionId());
        audit.record(h, actor.userId(), "card-update", "Card", after.id(), details);
    }

    private CardView view(Handle h, Rights rights, Card c) {
        return view(h, rights, collections.around(h, c.collectionId()), new HashMap<>(), c, repo.dashboardCount(h, c.id()));
    }

    private CardView view(Handle h, Rights rights, Map<Long, CollectionRow> all, Map<Long, User> users, Card c, long dashboards) {
        User creator = people.find(h, users, c.creatorId());
        User editor = people.find(h, users, c.lastEditorId());
        return CardView.of(c, UserRef.Creator.of(creator), UserRef.LastEditInfo.of(editor, c.updatedAt()),
                CollectionAccess.summary(all, c.collectionId()), CollectionAccess.canWrite(all, rights, c.collectionId()),
                dashboards);
    }

    private static boolean matches(Card c, String filter, Long modelId, long userId) {
        return switch (filter) {
            case "mine" -> c.creatorId() == userId;
            case "bookmarked", "using_metric", "using_segment" -> false;
            case "database" -> Objects.equals(c.databaseId(), modelId);
            case "table" -> Objects.equals(c.tableId(), modelId);
            case "using_model" -> c.datasetQuery().contains("\"card__" + modelId + "\"");
            default -> true;
        };
    }
}
