package dev.latchkey.content.collections;

import dev.latchkey.content.ItemArchive;
import dev.latchkey.content.ImportResult;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.core.Actor;
import dev.latchkey.content.EntityIds;
import dev.latchkey.content.Slugs;
import dev.latchkey.content.collections.CollectionInputs.CollectionChanges;
import dev.latchkey.content.collections.CollectionInputs.NewCollection;
import dev.latchkey.content.collections.CollectionViews.CollectionDetail;
import dev.latchkey.content.collections.CollectionViews.CollectionView;
import dev.latchkey.content.collections.CollectionViews.RootView;
import dev.latchkey.core.AppError;
import dev.latchkey.core.Check;
import dev.latchkey.core.JsonBody;
import dev.latchkey.cluster.Invalidations;
import dev.latchkey.db.Database;
import dev.latchkey.people.PersonalCollectionStore;
import dev.latchkey.people.User;
import dev.latchkey.permissions.PermissionService;
import dev.latchkey.permissions.Rights;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Collections: the tree that holds questions and dashboards, the root pseudo-collection, and one personal
 * collection per person (never for API-key users). Every public API method checks the caller's rights first;
 * the Handle-taking methods are for other features, which call them inside their own transaction.
 */
public final class CollectionService implements PersonalCollectionStore {
    public static final int SLUG_MAX = 510;
    static final String PERSONAL_ARCHIVE = "You cannot archive a Personal Collection.";
    static final String PERSONAL_MOVE = "You cannot move a Personal Collection.";
    static final String MOVE_AND_ARCHIVE = "You cannot move a Collection and archive it at the same time.";
    static final String PERSONAL_NAMESPACE = "Personal Collections must be in the default namespace";

    private final Database db;
    private final PermissionService permissions;
    private final AuditLog audit;
    private final CollectionRepository repo;
    private final CollectionListings listings;
    private final CollectionMoves moves;
    private final CollectionImports imports;
    private final PersonalCollections personal;
    private final CollectionPlacement placement;
    private final CollectionAccess access;

    public record ListFilter(boolean archived, boolean excludeOtherUsers, String namespace, boolean personalOnly) {}

    public record TreeFilter(boolean excludeArchived, boolean excludeOtherUsers, String namespace, boolean shallow, Long collectionId) {}

    /** {@code cards} and {@code dashboards} archive the items inside a collection that is archived (or restored). */
    public CollectionService(Database db, PermissionService permissions, AuditLog audit, ItemArchive cards, ItemArchive dashboards,
                             Invalidations invalidations) {
        this.db = db;
        this.permissions = permissions;
        this.audit = audit;
        this.repo = new CollectionRepository(invalidations);
        this.listings = new CollectionListings(invalidations);
        this.personal = new PersonalCollections(repo);
        this.placement = new CollectionPlacement(repo);
        this.access = new CollectionAccess(repo, placement);
        this.moves = new CollectionMoves(repo, placement, permissions, audit, cards, dashboards);
        this.imports = new CollectionImports(repo, placement, moves, permissions);
    }

    /** The access checks and lookups other features call inside their transactions. */
    public CollectionAccess access() { return access; }

    /** The collection, or 404. */
    private CollectionRow require(Handle h, long id) { return access.require(h, id); }

    /** Inside the transaction that creates a person: their personal collection (people/PeopleService calls this). */
    @Override
    public long createPersonalCollection(Handle h, long userId, String email, String firstName, String lastName) {
        String name = PersonalCollections.name(email, firstName, lastName);
        return repo.insert(h, new CollectionRepository.NewRow(EntityIds.generate(), name, Slugs.slugify(name, SLUG_MAX),
                null, null, "/", userId, null, null, System.currentTimeMillis()));
    }

    /** Inside the transaction that changes a person's name or email: their personal collection's name follows. */
    @Override
    public void renamePersonalCollection(Handle h, long userId, String email, String firstName, String lastName) {
        personal.follow(h, userId, email, firstName, lastName);
    }

    @Override
    public Long personalCollectionIdOf(Handle h, long userId) { return repo.personalOf(h, userId).map(CollectionRow::id).orElse(null); }


    // ---- the API ----

    /**
     * GET /api/collection: readable collections, root first (unless archived or personal-only), then ordinary ones before
     * typed ones, by lower-cased name, then id. A superuser who does not exclude other people's collections gets the
     * same bytes as every other superuser: those listings are kept (CollectionListings says until when).
     */
    public JsonBody list(Actor actor, ListFilter f) {
        if (actor.superuser() && !f.excludeOtherUsers()) {
            return CollectionListings.body(listings.get(new CollectionListings.Key(f.archived(), f.namespace(), f.personalOnly()),
                    k -> render(actor, f)));
        }
        return CollectionListings.body(render(actor, f));
    }

    private byte[] render(Actor actor, ListFilter f) {
        List<CollectionListings.Listed> rows = new ArrayList<>();
        Object root = db.withHandle(h -> {
            Rights rights = permissions.rightsOf(h, actor);
            Map<Long, CollectionRow> all = listable(h, rights, f.namespace(), f.excludeOtherUsers(), f.personalOnly());
            List<Sorted> sorted = new ArrayList<>();
            for (CollectionRow c : all.values()) {
                if (c.archived() == f.archived() && Objects.equals(c.namespace(), f.namespace()) && rights.canRead(c.id(), c.location())
                        && (!f.personalOnly() || c.isPersonal())
                        && (!f.excludeOtherUsers() || !CollectionAccess.otherUsersTree(all, c, actor.userId()))) {
                    sorted.add(new Sorted(c.type() != null, c.name().toLowerCase(Locale.ROOT), c));
                }
            }
            sorted.sort(null);
            for (Sorted s : sorted) {
                rows.add(new CollectionListings.Listed(s.row(), rights.canWrite(s.row().id(), s.row().location()),
                        s.row().inPersonalTree(all::get)));
            }
            return !f.archived() && !f.personalOnly() && f.namespace() == null && rights.root().canRead() ? RootView.of(rights) : null;
        });
        return CollectionListings.render(root, rows);
    }

    /** The list's order; each key computed once per row, not per comparison. */
    private record Sorted(boolean typed, String lowerName, CollectionRow row) implements Comparable<Sorted> {
        @Override
        public int compareTo(Sorted o) {
            if (typed != o.typed) return typed ? 1 : -1;
            int byName = lowerName.compareTo(o.lowerName);
            return byName != 0 ? byName : Long.compare(row.id(), o.row.id());
        }
    }

    /** GET /api/collection/tree. */
    public List<CollectionViews.TreeNode> tree(Actor actor, TreeFilter f) {
        return db.withHandle(h -> {
            Rights rights = permissions.rightsOf(h, actor);
            Map<Long, CollectionRow> all = listable(h, rights, f.namespace(), f.excludeOtherUsers(), false);
            List<CollectionRow> visible = all.values().stream()
                    .filter(c -> !(f.excludeArchived() && c.archived()) && Objects.equals(c.namespace(), f.namespace()))
                    .filter(c -> rights.canRead(c.id(), c.location()))
                    .filter(c -> !f.excludeOtherUsers() || !CollectionAccess.otherUsersTree(all, c, actor.userId())).toList();
            return new CollectionTree(visible, repo.cardKinds(h), c -> CollectionView.of(c, rights, c.inPersonalTree(all::get)))
                    .build(f.shallow(), f.collectionId());
        });
    }

    /** GET /api/collection/:id (null id = root). Archived collections are still returned. */
    public Object get(Actor actor, Long id) {
        return db.withHandle(h -> {
            Rights rights = permissions.rightsOf(h, actor);
            if (id == null) return RootView.of(rights);
            CollectionRow c = require(h, id);
            rights.requireRead(c.id(), c.location());
            return detail(h, rights, c);
        });
    }

    /** POST /api/collection: needs write on the parent (or root); the new collection gets the parent's permissions. */
    public CollectionDetail create(Actor actor, NewCollection in) {
        return db.inTransaction(h -> {
            Rights rights = permissions.rightsOf(h, actor);
            CollectionRow parent = in.parentId() == null ? null : lockWithAncestors(h, rights, in.parentId());
            rights.requireWrite(in.parentId(), parent == null ? null : parent.location());
            if (in.authorityLevel() != null) Check.permitted(actor.superuser());
            long id = insert(h, in, parent);
            audit.record(h, actor.userId(), "collection-create", "Collection", id, Map.of("name", in.name()));
            return detail(h, permissions.rightsOf(h, actor), require(h, id));
        });
    }

    /** PUT /api/collection/:id: rename, describe, move (parent_id), archive or unarchive. */
    public CollectionDetail update(Actor actor, long id, CollectionChanges ch) {
        return db.inTransaction(h -> {
            // Lock first: concurrent archives, unarchives and moves of one collection then run one after another,
            // each reading what the one before wrote. A move also locks its new parent, and all in id order as
            // CollectionMoves does, so two opposite moves wait for each other instead of deadlocking.
            Long newParent = ch.moves() ? ch.parentId().value() : null;
            repo.lock(h, newParent == null ? List.of(id) : List.of(id, newParent));
            Rights rights = permissions.rightsOf(h, actor);
            CollectionRow c = require(h, id);
            rights.requireWrite(c.id(), c.location());
            boolean archiving = ch.archived() != null && ch.archived() != c.archived();
            checkChanges(actor, c, ch, archiving);
            applyFields(h, actor, c, ch);
            if (ch.moves()) moves.move(h, rights, actor.userId(), c, ch.parentId().value());
            if (archiving && ch.archived()) moves.archive(h, rights, actor.userId(), require(h, id));
            if (archiving && !ch.archived()) moves.unarchive(h, rights, actor.userId(), require(h, id));
            return detail(h, permissions.rightsOf(h, actor), require(h, id));
        });
    }

    // ---- for serialization (superusers) ----

    /** Every collection, personal and archived ones included, parents before children. */
    public List<CollectionRow> all(Actor actor) {
        Check.permitted(actor.superuser());
        return db.withHandle(h -> repo.all(h).stream()
                .sorted(Comparator.comparingInt((CollectionRow c) -> c.ancestorIds().size()).thenComparing(CollectionRow::id)).toList());
    }

    public Optional<CollectionRow> findByEntityId(Actor actor, String entityId) {
        Check.permitted(actor.superuser());
        return db.withHandle(h -> repo.findByEntityId(h, entityId));
    }

    /** One collection of a serialization import, its parent already resolved to a local id (null = root). */
    public record Imported(String entityId, String name, String description, String color, Long parentId,
                           String namespace, String authorityLevel, String type, boolean archived, long createdAt) {}


    /**
     * Serialization import, inside the importer's transaction: creates the collection with this entity_id
     * (with its parent's permissions) or updates it to match. Errors are AppErrors; nothing else is written.
     */
    public ImportResult importCollection(Handle h, Actor actor, Imported in) {
        Check.permitted(actor.superuser());
        return imports.apply(h, () -> permissions.rightsOf(h, actor), actor.userId(), in);
    }

    // ---- internals ----

    /**
     * The parent of a new collection, read fresh under a lock on it and on each ancestor, top-down as an archive
     * takes them: archiving any of them either finishes first (and the parent is seen archived) or waits until the
     * new collection exists and archives it along with the rest.
     */
    private CollectionRow lockWithAncestors(Handle h, Rights rights, long id) {
        for (long ancestor : require(h, id).ancestorIds()) repo.findForUpdate(h, ancestor);
        return placement.check(h, rights, id, true, "parent_id", CollectionMoves.ARCHIVED_PARENT);
    }

    private long insert(Handle h, NewCollection in, CollectionRow parent) {
        boolean personal = parent != null && moves.inPersonalTree(h, parent);
        if (parent != null && !Objects.equals(parent.namespace(), in.namespace())) throw AppError.badRequest(CollectionMoves.NAMESPACE);
        if (personal && in.namespace() != null) throw AppError.badRequest(PERSONAL_NAMESPACE);
        String entityId = in.entityId() != null ? in.entityId() : EntityIds.generate();
        long id = repo.insert(h, new CollectionRepository.NewRow(entityId, in.name(), Slugs.slugify(in.name(), SLUG_MAX),
                in.description(), in.color(), parent == null ? "/" : parent.childLocation(), null, in.namespace(),
                in.authorityLevel(), System.currentTimeMillis()));
        if (!personal) permissions.inherit(h, in.parentId(), id);
        return id;
    }

    private static void checkChanges(Actor actor, CollectionRow c, CollectionChanges ch, boolean archiving) {
        boolean moving = ch.moves() && !Objects.equals(ch.parentId().value(), c.parentId());
        if (archiving && moving) throw AppError.field("archived", MOVE_AND_ARCHIVE);
        if (c.isPersonal() && archiving && ch.archived()) throw AppError.field("archived", PERSONAL_ARCHIVE);
        if (c.isPersonal() && moving) throw AppError.badRequest(PERSONAL_MOVE);
        if (ch.authorityLevel() != null && !Objects.equals(ch.authorityLevel().value(), c.authorityLevel())) {
            if (c.isPersonal()) throw AppError.field("authority_level", "You are not allowed to change the authority level of a Personal Collection.");
            Check.permitted(actor.superuser());
        }
    }

    private void applyFields(Handle h, Actor actor, CollectionRow c, CollectionChanges ch) {
        String name = ch.name() != null ? ch.name() : c.name();
        String description = ch.description() != null ? ch.description().value() : c.description();
        String color = ch.color() != null ? ch.color().value() : c.color();
        String authority = ch.authorityLevel() != null ? ch.authorityLevel().value() : c.authorityLevel();
        if (name.equals(c.name()) && Objects.equals(description, c.description()) && Objects.equals(color, c.color())
                && Objects.equals(authority, c.authorityLevel())) return;
        repo.update(h, c.id(), name, Slugs.slugify(name, SLUG_MAX), description, color, authority);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("previous", Map.of("name", c.name()));
        details.put("new", Map.of("name", name));
        audit.record(h, actor.userId(), "collection-update", "Collection", c.id(), details);
    }

    private CollectionDetail detail(Handle h, Rights rights, CollectionRow c) {
        List<Long> ancestorIds = c.ancestorIds();
        List<CollectionRow> ancestors = repo.byIds(h, ancestorIds).stream()
                .sorted(Comparator.comparingInt(a -> ancestorIds.indexOf(a.id()))).toList();
        boolean personal = c.isPersonal() || (!ancestors.isEmpty() && ancestors.get(0).isPersonal());
        List<Object> effective = new ArrayList<>();
        effective.add(CollectionViews.RootAncestor.of(rights));
        ancestors.stream().filter(a -> rights.canRead(a.id(), a.location()))
                .forEach(a -> effective.add(CollectionViews.Ancestor.of(a, rights)));
        return new CollectionDetail(CollectionView.of(c, rights, personal), c.parentId(),
                CollectionViews.effectiveLocation(ancestors, rights), effective);
    }

    /**
     * The collections of one namespace a list or tree can show, by id. Other people's personal collections are read
     * only when they are shown: to a superuser who did not ask to exclude them.
     */
    private Map<Long, CollectionRow> listable(Handle h, Rights rights, String namespace, boolean excludeOthers, boolean personalOnly) {
        if (rights.superuser() && !excludeOthers) {
            Map<Long, CollectionRow> out = new LinkedHashMap<>();
            repo.inNamespace(h, namespace, personalOnly).forEach(c -> out.put(c.id(), c));
            return out;
        }
        return CollectionAccess.withoutOthersTrees(repo.withoutOthersPersonal(h, rights.userId(), personalOnly, false, namespace));
    }

    /** A start-up step (App): people created before personal collections existed get theirs. */
    public void backfillPersonalCollections(Handle h, List<User> persons) {
        Set<Long> owners = repo.personalOwners(h);
        for (User u : persons) {
            if (!owners.contains(u.id())) createPersonalCollection(h, u.id(), u.email(), u.firstName(), u.lastName());
        }
    }
}
