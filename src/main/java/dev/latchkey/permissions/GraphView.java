package dev.latchkey.permissions;

import java.util.LinkedHashMap;
import java.util.Map;

/** The collection permission graph on the wire: {"revision": n, "groups": {"1": {"root": "write", "7": "read"}}}. */
public record GraphView(long revision, Map<String, Map<String, String>> groups) {

    static GraphView of(long revision, Map<Long, Map<Long, Level>> graph) {
        return new GraphView(revision, wire(graph));
    }

    static Map<String, Map<String, String>> wire(Map<Long, Map<Long, Level>> graph) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        graph.forEach((g, cells) -> {
            Map<String, String> row = new LinkedHashMap<>();
            cells.forEach((c, level) -> row.put(c == Rights.ROOT ? "root" : String.valueOf(c), level.wire()));
            out.put(String.valueOf(g), row);
        });
        return out;
    }
}
