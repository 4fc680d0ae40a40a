package dev.latchkey.serialization;

import dev.latchkey.auth.Actor;
import dev.latchkey.content.collections.Collection;
import dev.latchkey.content.collections.CollectionService;
import dev.latchkey.core.AppError;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one place that talks to the content services: reads stored content into its portable form (ids to
 * entity ids, users to emails) and writes an import plan back through the services' import methods, turning
 * entity ids into local ids as it goes. Everything runs in the caller's transaction.
 */
final class ContentBridge {
    private final CollectionService collections;
    private final People people;

    ContentBridge(CollectionService collections, People people) {
        this.collections = collections;
        this.people = people;
    }

    /** All stored content, portable, parents before children. */
    Portable.Snapshot read(Handle h) {
        Map<Long, Collection> byId = collections.byId(h);
        List<Portable.Collection> out = new ArrayList<>();
        byId.values().stream().sorted(Comparator.comparingInt((Collection c) -> c.ancestorIds().size()).thenComparing(Collection::id))
                .forEach(c -> out.add(portable(h, c, byId)));
        return new Portable.Snapshot(out, List.of(), List.of());
    }

    /** The entity id of a collection named in export options; 404 when there is none. */
    String collectionEid(Handle h, ExportOptions.CollectionRef ref) {
        if (ref.id() != null) return collections.find(h, ref.id()).map(Collection::entityId).orElseThrow(AppError::notFound);
        return collections.byId(h).values().stream().map(Collection::entityId).filter(ref.entityId()::equals).findFirst()
                .orElseThrow(AppError::notFound);
    }

    /** Per model, the entity ids this instance has. */
    Map<String, Set<String>> existing(Handle h) {
        Set<String> eids = new HashSet<>();
        collections.byId(h).values().forEach(c -> eids.add(c.entityId()));
        return Map.of(Portable.COLLECTION, eids, Portable.CARD, Set.of(), Portable.DASHBOARD, Set.of());
    }

    /** Writes the plan; each entity through its service. Without continue_on_error the first failure is thrown. */
    void apply(Handle h, Actor actor, ImportPlan plan, boolean continueOnError, ImportLog log) {
        Writes writes = new Writes(h, continueOnError, log);
        Map<String, Long> collectionIds = new HashMap<>();
        collections.byId(h).values().forEach(c -> collectionIds.put(c.entityId(), c.id()));
        for (Portable.Collection c : plan.collections) {
            String file = plan.files.get(c.entityId());
            writes.attempt(file, () -> importCollection(h, actor, c, file, collectionIds, log));
        }
    }

    private void importCollection(Handle h, Actor actor, Portable.Collection c, String file, Map<String, Long> ids, ImportLog log) {
        if (c.personalOwner() != null && !ids.containsKey(c.entityId())) {
            long owner = people.idOf(h, c.personalOwner(), actor, file, "personal_owner_id", log);
            Long personal = collections.personalCollectionIdOf(h, owner);
            if (personal == null) throw new Rejected(file, "personal_owner_id: " + c.personalOwner() + " has no personal collection here");
            ids.put(c.entityId(), personal);
            log.info("Mapped personal Collection " + c.entityId() + " " + ImportLog.quoted(c.name())
                    + " to the personal collection of " + people.emailOf(h, owner));
            return;
        }
        Long parent = localId(ids, c.parentId(), file, "parent_id", Portable.COLLECTION);
        CollectionService.ImportResult r = collections.importCollection(h, actor, new CollectionService.Imported(c.entityId(),
                c.name(), c.description(), c.color(), parent, c.namespace(), c.authorityLevel(), c.type(), c.archived(), c.createdAt()));
        ids.put(c.entityId(), r.id());
        log.imported(Portable.COLLECTION, c.entityId(), c.name(), r.created());
    }

    /** A reference to an entity written earlier in this import (or already here); its absence means it failed. */
    static Long localId(Map<String, Long> ids, String eid, String file, String key, String model) {
        if (eid == null) return null;
        Long id = ids.get(eid);
        if (id == null) throw new Rejected(file, key + ": refers to " + model + " " + eid + ", which could not be imported");
        return id;
    }

    private Portable.Collection portable(Handle h, Collection c, Map<Long, Collection> byId) {
        Collection parent = c.parentId() == null ? null : byId.get(c.parentId());
        return new Portable.Collection(c.entityId(), c.name(), c.description(), c.color(), c.slug(),
                parent == null ? null : parent.entityId(), c.namespace(), c.authorityLevel(), c.type(), c.archived(),
                c.personalOwnerId() == null ? null : people.emailOf(h, c.personalOwnerId()), c.createdAt());
    }

    /**
     * Runs one entity's writes; with continue_on_error inside a savepoint, so a refused entity leaves no trace
     * and the transaction stays usable (PostgreSQL aborts a transaction on any failed statement otherwise).
     */
    static final class Writes {
        private final Handle h;
        private final boolean continueOnError;
        private final ImportLog log;
        private int savepoints;

        Writes(Handle h, boolean continueOnError, ImportLog log) {
            this.h = h;
            this.continueOnError = continueOnError;
            this.log = log;
        }

        boolean attempt(String file, Runnable work) {
            if (!continueOnError) {
                try {
                    work.run();
                } catch (AppError e) {
                    throw new Rejected(file, e.getMessage());
                }
                return true;
            }
            String savepoint = "serdes_" + ++savepoints;
            h.savepoint(savepoint);
            try {
                work.run();
                h.release(savepoint);
                return true;
            } catch (Rejected e) {
                h.rollbackToSavepoint(savepoint);
                log.error(e);
            } catch (AppError e) {
                h.rollbackToSavepoint(savepoint);
                log.error(new Rejected(file, e.getMessage()));
            } catch (RuntimeException e) {
                if (!SerializationService.isDatabaseRefusal(e)) throw e;
                h.rollbackToSavepoint(savepoint);
                log.error(new Rejected(file, "the database refused it (" + SerializationService.rootMessage(e) + ")"));
            }
            return false;
        }
    }
}
