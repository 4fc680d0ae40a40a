package dev.latchkey.permissions;

import com.fasterxml.jackson.core.JsonGenerator;
import org.jdbi.v3.core.Handle;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

    /**
     * Writes the graph of the given groups (all when null) as of the handle's transaction. Each group's row is
     * copied from a template of the row with every cell "none" (the root first, then the graph's collections), with
     * only the group's own rows patched in, and the "groups" object goes to the generator's byte stream as it is:
     * a cell costs a few copied bytes instead of two generator calls and a char-to-byte pass (the whole graph is 4
     * million cells, 54 MB, at 2,000 × 2,000).
     */
    void write(Handle h, JsonGenerator out, String namespace, Collection<Long> onlyGroups, long adminId) throws IOException {
        long revision = repo.currentRevision(h);
        Row row = new Row(collections(h, namespace));
        out.writeStartObject();
        out.writeNumberField("revision", revision);
        out.writeFieldName("groups");
        out.writeRawValue("{"); // the generator writes the ':' and counts "groups" as written; the rest comes here
        out.flush();
        // to the response in 256 KB writes: each write into Jetty may block until the client has read the last one
        OutputStream bytes = out.getOutputTarget() instanceof OutputStream target
                ? new BufferedOutputStream(target, 1 << 18) : new RawValues(out);
        Rows rows = new Rows(repo.groupIds(h, onlyGroups).stream().mapToLong(Long::longValue).toArray(), row, bytes, adminId);
        try {
            repo.grantsInOrder(h, onlyGroups, rows::grant);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        rows.finish();
        bytes.write('}');
        bytes.flush();
        out.writeEndObject();
    }

    /**
     * Writes the groups' rows in id order as the permission rows (in group, collection order) arrive: a group's row
     * is written once a row of a later group arrives, or at the end; groups without rows get the template as it is.
     */
    private static final class Rows {
        private final long[] groups;
        private final Row row;
        private final OutputStream bytes;
        private final long adminId;
        private int next;
        private boolean open;

        Rows(long[] groups, Row row, OutputStream bytes, long adminId) {
            this.groups = groups;
            this.row = row;
            this.bytes = bytes;
            this.adminId = adminId;
        }

        void grant(long group, long collectionId, Level level) throws IOException {
            while (next < groups.length && groups[next] < group) writeNext();
            if (next == groups.length || groups[next] != group) return; // a group not listed
            if (!open) start();
            row.set(collectionId, level);
        }

        void finish() throws IOException { while (next < groups.length) writeNext(); }

        private void start() {
            row.start();
            if (groups[next] == adminId) row.all(Level.WRITE);
            open = true;
        }

        private void writeNext() throws IOException {
            if (!open) start();
            bytes.write(((next == 0 ? "\"" : ",\"") + groups[next] + "\":").getBytes(StandardCharsets.US_ASCII));
            bytes.write(row.bytes(), 0, row.finish());
            open = false;
            next++;
        }
    }

    /** For a generator that does not write to a byte stream: the bytes (ASCII) go through it as raw text. */
    private static final class RawValues extends OutputStream {
        private final JsonGenerator out;

        RawValues(JsonGenerator out) { this.out = out; }

        @Override public void write(int b) throws IOException { out.writeRaw((char) b); }

        @Override public void write(byte[] b, int off, int len) throws IOException {
            out.writeRaw(new String(b, off, len, StandardCharsets.US_ASCII));
        }
    }

    /**
     * One group's row as JSON (ASCII bytes): {"root":"none","<id>":"none",…}, built from a template by copying the
     * spans between the cells set, in collection order. Cells must be set in ascending order (root = 0 first).
     */
    static final class Row {
        private static final byte[][] LEVELS = {ascii("none"), ascii("read"), ascii("write")};
        private final long[] ids;
        private final byte[] template;
        /** Where each cell's value (the 4 letters of none) starts in the template: the root's, then each collection's. */
        private final int[] valueAt;
        private byte[] buf;
        private int len;
        private int copied;

        Row(long[] ids) {
            this.ids = ids;
            this.valueAt = new int[ids.length + 1];
            StringBuilder t = new StringBuilder(ids.length * 16 + 16).append("{\"root\":\"");
            valueAt[0] = t.length();
            t.append("none\"");
            for (int i = 0; i < ids.length; i++) {
                t.append(",\"").append(ids[i]).append("\":\"");
                valueAt[i + 1] = t.length();
                t.append("none\"");
            }
            this.template = ascii(t.append('}').toString());
            this.buf = new byte[template.length + 64];
        }

        void start() { len = 0; copied = 0; }

        /** Every cell at this level (the administrators' row). */
        void all(Level level) { for (int i = 0; i < valueAt.length; i++) patch(i, level); }

        /** The cell of one collection (Rights.ROOT for root); collections outside the graph are passed over. */
        void set(long collectionId, Level level) {
            if (collectionId == Rights.ROOT) patch(0, level);
            else {
                int index = Arrays.binarySearch(ids, collectionId);
                if (index >= 0) patch(index + 1, level);
            }
        }

        private void patch(int cell, Level level) {
            int at = valueAt[cell];
            if (at < copied) return; // a cell set twice (the administrators' row): the first one stays
            append(template, copied, at - copied);
            append(LEVELS[level.ordinal()], 0, LEVELS[level.ordinal()].length);
            copied = at + 4;
        }

        /** Copies the rest of the template; returns the row's length in bytes(). */
        int finish() {
            append(template, copied, template.length - copied);
            copied = template.length;
            return len;
        }

        byte[] bytes() { return buf; }

        private void append(byte[] from, int offset, int count) {
            if (len + count > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + count));
            System.arraycopy(from, offset, buf, len, count);
            len += count;
        }

        private static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }
    }
}
