package dev.latchkey.content.collections;

import dev.latchkey.permissions.Locations;

import java.util.List;
import java.util.function.LongFunction;

/**
 * A row of the collection table. `location` lists the ancestor ids, root first ("/" for top-level,
 * "/4/9/" for a grandchild of 4); the collection's own id is not in it. Public so that other features
 * (cards, dashboards, search, serialization) can read placement, but only CollectionService changes rows.
 */
public record CollectionRow(long id, String entityId, String name, String slug, String description, String color,
                         String location, Long personalOwnerId, String namespace, String authorityLevel, String type,
                         boolean archived, Boolean archivedDirectly, String archiveOperationId, long createdAt) {

    /** The parent's id, or null for a top-level collection (whose parent is the root collection). */
    public Long parentId() {
        List<Long> ancestors = ancestorIds();
        return ancestors.isEmpty() ? null : ancestors.get(ancestors.size() - 1);
    }

    /** Ancestor ids, outermost first. */
    public List<Long> ancestorIds() { return Locations.ids(location); }

    /** The location a direct child of this collection has. */
    public String childLocation() { return location + id + "/"; }

    /** The id at the top of this collection's tree (itself when top-level). */
    public long topLevelId() { return Locations.topLevelId(id, location); }

    public boolean isPersonal() { return personalOwnerId != null; }

    /**
     * The personal collection whose tree this one is in (itself included), or null: "inside a personal tree", the
     * one way to ask it. {@code lookup} finds a collection by id (from a map, or the database).
     */
    public CollectionRow personalRoot(LongFunction<CollectionRow> lookup) {
        CollectionRow top = topLevelId() == id ? this : lookup.apply(topLevelId());
        return top != null && top.isPersonal() ? top : null;
    }

    public boolean inPersonalTree(LongFunction<CollectionRow> lookup) { return personalRoot(lookup) != null; }
}
