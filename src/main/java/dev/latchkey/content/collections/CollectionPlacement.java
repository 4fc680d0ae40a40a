package dev.latchkey.content.collections;

import dev.latchkey.core.AppError;
import dev.latchkey.permissions.Rights;
import org.jdbi.v3.core.Handle;

/**
 * The one rule for putting something live into a collection: nothing live is saved into an archived collection.
 * Every path that places a live question, dashboard or collection goes through {@link #check} — creating,
 * updating or moving one item, the bulk move, unarchiving, and serialization import — so the rule is written once.
 *
 * <p>Why the lock: archiving a collection locks its row first and then sweeps its subtree and their items in the
 * same transaction (CollectionMoves.archive); archiving an ancestor updates this row as part of its sweep. Reading
 * the target FOR UPDATE therefore orders the placement against every archive that can reach it: an archive that got
 * there first is seen (400), one that comes later waits for the placement and then archives the new item too. A
 * plain read let a move slip in just after the sweep, leaving a live item inside an archived collection.
 */
final class CollectionPlacement {
    static final String ARCHIVED_TARGET = "You cannot put an item into an archived Collection.";

    private final CollectionRepository repo;

    CollectionPlacement(CollectionRepository repo) { this.repo = repo; }

    /**
     * The target of a placement (null = root: nothing to lock, never archived), read fresh and locked until the
     * transaction ends. 404 when it does not exist; 403 unless `rights` (when given; null = the caller checked) may
     * write there; then, when what is placed is `live`, 400 on `field` with `message` if the target is archived.
     */
    CollectionRow check(Handle h, Rights rights, Long collectionId, boolean live, String field, String message) {
        if (collectionId == null) {
            if (rights != null) rights.requireWrite(null, null);
            return null;
        }
        CollectionRow c = repo.findForUpdate(h, collectionId).orElseThrow(AppError::notFound);
        if (rights != null) rights.requireWrite(c.id(), c.location());
        if (live && c.archived()) throw AppError.field(field, message);
        return c;
    }
}
