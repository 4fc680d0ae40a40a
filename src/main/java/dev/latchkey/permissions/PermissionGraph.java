package dev.latchkey.permissions;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.result.ResultIterator;

import java.io.IOException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads and writes the collection permission graph without ever holding it: Metabase's wire shape
 * {"revision": n, "groups": {"<group>": {"root": "write", "<collection>": "none", …}}} is dense (every group × root
 * and every collection outside personal trees), but the rows behind it are sparse. The writer walks the groups in
 * id order alongside one ordered stream of permission rows and emits each cell as it goes; what it keeps is the
 * list of graph collection ids. Administrators have no rows and are written as write everywhere.
 */
final class PermissionGraph {
    private static final SerializableString ROOT_KEY = new SerializedString("root");
    private static final SerializableString[] LEVELS = {
            new SerializedString("none"), new SerializedString("read"), new SerializedString("write")};

    private final PermissionRepository repo;
    private final CollectionCatalog catalog;

    PermissionGraph(PermissionRepository repo, CollectionCatalog catalog) {
        this.repo = repo;
        this.catalog = catalog;
    }

    /**
     * The graph's collections in id order: those of the namespace that are neither personal nor inside a personal
     * tree. Only top-level ancestors that are not among those are looked up, so the people's personal collections
     * are never all read.
     */
    long[] collections(Handle h, String namespace) {
        List<CollectionCatalog.Entry> rows = catalog.nonPersonal(h, namespace);
        Set<Long> read = new HashSet<>();
        rows.forEach(c -> read.add(c.id()));
        // a top-level ancestor that was read is not personal; only the others need looking up
        Set<Long> tops = new HashSet<>();
        for (var c : rows) {
            long top = Locations.topLevelId(c.id(), c.location());
            if (!read.contains(top)) tops.add(top);
        }
        Set<Long> personalTops = new HashSet<>(catalog.personalAmong(h, tops));
        return rows.stream().filter(c -> "/".equals(c.location())
                        || !personalTops.contains(Locations.topLevelId(c.id(), c.location())))
                .mapToLong(CollectionCatalog.Entry::id).toArray();
    }

    /** Writes the graph of the given groups (all when null) as of the handle's transaction. */
    void write(Handle h, JsonGenerator out, String namespace, Collection<Long> onlyGroups, long adminId) throws IOException {
        long revision = repo.currentRevision(h);
        long[] ids = collections(h, namespace);
        SerializableString[] keys = new SerializableString[ids.length];
        for (int i = 0; i < ids.length; i++) keys[i] = new SerializedString(Long.toString(ids[i]));
        out.writeStartObject();
        out.writeNumberField("revision", revision);
        out.writeObjectFieldStart("groups");
        try (ResultIterator<PermissionRepository.Grant> grants = repo.grantsInOrder(h, onlyGroups)) {
            Cursor cursor = new Cursor(grants);
            for (long group : repo.groupIds(h, onlyGroups)) {
                out.writeFieldName(Long.toString(group));
                out.writeStartObject();
                cursor.skipTo(group, Rights.ROOT);
                out.writeFieldName(ROOT_KEY);
                out.writeString(level(group == adminId ? Level.WRITE : cursor.take(group, Rights.ROOT)));
                for (int i = 0; i < ids.length; i++) {
                    cursor.skipTo(group, ids[i]);
                    out.writeFieldName(keys[i]);
                    out.writeString(level(group == adminId ? Level.WRITE : cursor.take(group, ids[i])));
                }
                out.writeEndObject();
            }
        }
        out.writeEndObject();
        out.writeEndObject();
    }

    private static SerializableString level(Level level) { return LEVELS[level.ordinal()]; }

    /** The permission rows in (group, collection) order, with one row of look-ahead. */
    private static final class Cursor {
        private final ResultIterator<PermissionRepository.Grant> rows;
        private PermissionRepository.Grant next;

        Cursor(ResultIterator<PermissionRepository.Grant> rows) {
            this.rows = rows;
            this.next = rows.hasNext() ? rows.next() : null;
        }

        /** Passes over rows before (group, collection): other groups' and collections not in the graph. */
        void skipTo(long group, long collection) {
            while (next != null && (next.groupId() < group || (next.groupId() == group && next.collectionId() < collection))) {
                next = rows.hasNext() ? rows.next() : null;
            }
        }

        /** The level of (group, collection): the next row's when it is that cell, else none. */
        Level take(long group, long collection) {
            if (next == null || next.groupId() != group || next.collectionId() != collection) return Level.NONE;
            Level level = next.level();
            next = rows.hasNext() ? rows.next() : null;
            return level;
        }
    }
}
