package dev.latchkey.content.collections;

import dev.latchkey.content.ImportResult;
import dev.latchkey.content.Slugs;
import dev.latchkey.content.collections.CollectionService.Imported;
import dev.latchkey.core.AppError;
import dev.latchkey.permissions.PermissionService;
import dev.latchkey.permissions.Rights;
import org.jdbi.v3.core.Handle;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Serialization's writes to collections, inside the importing transaction: a collection is matched by
 * entity_id and created (keeping that entity_id and its created_at) or updated to match the export. The
 * archived flag is set on the row alone, without an archive operation, as Metabase's import sets columns;
 * such a row is later unarchived alone too (see CollectionMoves.unarchive). Personal collections are never
 * created here and keep their owner's name and place.
 */
final class CollectionImports {
    static final String TOO_DEEP = "Collection is nested too deeply.";
    static final String NAMESPACE_CHANGE = "You cannot move a Collection to a different namespace once it has been created.";
    /** The location column is 700 characters; leave room for one more id of up to 19 digits. */
    private static final int MAX_PARENT_LOCATION = 680;

    private final CollectionRepository repo;
    private final CollectionPlacement placement;
    private final CollectionMoves moves;
    private final PermissionService permissions;

    CollectionImports(CollectionRepository repo, CollectionPlacement placement, CollectionMoves moves, PermissionService permissions) {
        this.repo = repo;
        this.placement = placement;
        this.moves = moves;
        this.permissions = permissions;
    }

    ImportResult apply(Handle h, Supplier<Rights> rights, long actorId, Imported in) {
        CollectionRow parent = in.parentId() == null ? null : repo.find(h, in.parentId()).orElseThrow(AppError::notFound);
        CollectionRow existing = repo.findByEntityId(h, in.entityId()).orElse(null);
        if (existing == null) return new ImportResult(insert(h, in, parent), true);
        update(h, rights, actorId, existing, in);
        return new ImportResult(existing.id(), false);
    }

    private long insert(Handle h, Imported in, CollectionRow parent) {
        placement.check(h, null, in.parentId(), !in.archived(), "parent_id", CollectionMoves.ARCHIVED_PARENT);
        if (parent != null && !Objects.equals(parent.namespace(), in.namespace())) throw AppError.badRequest(CollectionMoves.NAMESPACE);
        String location = parent == null ? "/" : parent.childLocation();
        if (location.length() > MAX_PARENT_LOCATION) throw AppError.badRequest(TOO_DEEP);
        boolean personal = parent != null && moves.inPersonalTree(h, parent);
        if (personal && in.namespace() != null) throw AppError.badRequest(CollectionService.PERSONAL_NAMESPACE);
        long id = repo.insert(h, new CollectionRepository.NewRow(in.entityId(), in.name(),
                Slugs.slugify(in.name(), CollectionService.SLUG_MAX), in.description(), in.color(), location, null,
                in.namespace(), in.authorityLevel(), in.createdAt()));
        if (in.type() != null) repo.setType(h, id, in.type());
        if (in.archived()) repo.setArchivedAlone(h, id, true);
        if (!personal) permissions.inherit(h, in.parentId(), id);
        return id;
    }

    private void update(Handle h, Supplier<Rights> rights, long actorId, CollectionRow c, Imported in) {
        if (c.isPersonal()) return;
        if (!Objects.equals(c.namespace(), in.namespace())) throw AppError.badRequest(NAMESPACE_CHANGE);
        repo.update(h, c.id(), in.name(), Slugs.slugify(in.name(), CollectionService.SLUG_MAX), in.description(),
                in.color(), in.authorityLevel());
        if (!Objects.equals(c.type(), in.type())) repo.setType(h, c.id(), in.type());
        // archive first when the export says archived, so it may move under an archived parent; unarchive after
        if (in.archived() && !c.archived()) repo.setArchivedAlone(h, c.id(), true);
        if (!Objects.equals(c.parentId(), in.parentId())) {
            if (in.parentId() != null && repo.find(h, in.parentId()).map(p -> p.childLocation().length() > MAX_PARENT_LOCATION).orElse(false)) {
                throw AppError.badRequest(TOO_DEEP);
            }
            moves.move(h, rights.get(), actorId, repo.find(h, c.id()).orElseThrow(), in.parentId());
        }
        if (!in.archived() && c.archived()) {
            placement.check(h, null, in.parentId(), true, "archived", CollectionMoves.UNARCHIVE_UNDER_ARCHIVED);
            repo.setArchivedAlone(h, c.id(), false);
        }
    }
}
