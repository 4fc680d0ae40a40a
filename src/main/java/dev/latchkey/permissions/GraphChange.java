package dev.latchkey.permissions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The cells one accepted graph update changes, each with its level before and after. This, not the graph, is what a
 * revision row stores: `before_graph` holds {"revision": n-1, "namespace": …, "groups": the changed cells' old
 * levels} and `after_graph` the new levels in the graph's shape, so the table grows with the size of the changes.
 */
record GraphChange(List<Cell> cells) {
    record Cell(long groupId, long collectionId, Level before, Level after) {}

    boolean isEmpty() { return cells.isEmpty(); }

    /** {"<group>": {"<collection>" or "root": "<level before>"}}. */
    Map<String, Map<String, String>> before() { return wire(Cell::before); }

    /** {"<group>": {"<collection>" or "root": "<level after>"}}. */
    Map<String, Map<String, String>> after() { return wire(Cell::after); }

    Map<String, Object> beforeDocument(long revision, String namespace) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("revision", revision);
        doc.put("namespace", namespace);
        doc.put("groups", before());
        return doc;
    }

    private Map<String, Map<String, String>> wire(Function<Cell, Level> level) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (Cell c : cells) {
            out.computeIfAbsent(String.valueOf(c.groupId()), k -> new LinkedHashMap<>())
                    .put(c.collectionId() == Rights.ROOT ? "root" : String.valueOf(c.collectionId()), level.apply(c).wire());
        }
        return out;
    }
}
