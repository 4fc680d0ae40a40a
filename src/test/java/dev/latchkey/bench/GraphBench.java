package dev.latchkey.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.latchkey.core.Json;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Prints the issue-17 table for the server running at BASE (loaded with GraphDataset): p50 and max over a few
 * calls of each endpoint, the response size, 8 parallel graph readers, the bytes the graph revisions take in the
 * database, and the server's peak RSS (VmHWM of SERVER_PID). Run through bench/graphscale.sh.
 *
 *   java ... dev.latchkey.bench.GraphBench BASE ADMIN_SESSION SERVER_PID JDBC_URL USER PASSWORD
 */
public final class GraphBench {
    /** A call that takes longer counts as failed (-1): the code before issue 17 could take many minutes under load. */
    private static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(120);
    /** Calls per whole-graph measurement (GRAPHBENCH_RUNS, default 5): each is slow before issue 17. */
    private static final int GRAPH_RUNS = Integer.parseInt(System.getenv().getOrDefault("GRAPHBENCH_RUNS", "5"));
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final String session;
    private final List<String> rows = new ArrayList<>();

    private final long pid;

    private GraphBench(String base, String session, long pid) {
        this.base = base;
        this.session = session;
        this.pid = pid;
    }

    record Result(int status, long bytes, long revision) {}

    public static void main(String[] args) throws Exception {
        long pid = Long.parseLong(args[2]);
        GraphBench b = new GraphBench(args[0], args[1], pid);
        b.run(args[3], args[4], args[5]);
        System.out.println("| endpoint | p50 | max | server CPU per call | response | notes |");
        System.out.println("|---|---|---|---|---|---|");
        b.rows.forEach(System.out::println);
        System.out.println("server peak RSS (VmHWM): " + peakRss(pid));
    }

    private void run(String jdbc, String user, String password) throws Exception {
        long someGroup;
        long[] collections;
        try (Connection c = DriverManager.getConnection(jdbc, user.isEmpty() ? null : user, password.isEmpty() ? null : password)) {
            someGroup = longs(c, "SELECT MIN(id) FROM permissions_group WHERE name_key LIKE 'bench group %'")[0];
            collections = longs(c, "SELECT id FROM collection WHERE name LIKE 'Bench collection %' ORDER BY id");
        }
        String member = login(GraphDataset.MEMBER_EMAIL, GraphDataset.MEMBER_PASSWORD);

        // the baseline: a cheap call measured in the same run, to compare runs made under different loads
        time("GET /api/user/current (baseline)", 20, () -> get("/api/user/current", session));
        if (System.getenv("GRAPHBENCH_SKIP_GRAPH") == null) graphRows(jdbc, user, password, someGroup, collections);
        time("GET /api/permissions/group", 10, () -> get("/api/permissions/group", session));
        time("GET /api/permissions/membership", 5, () -> get("/api/permissions/membership", session));
        time("GET /api/user (unpaged)", 5, () -> get("/api/user", session));
        time("GET /api/user?limit=50&offset=0", 10, () -> get("/api/user?limit=50&offset=0", session));
        time("GET /api/user?limit=50&offset=19900", 10, () -> get("/api/user?limit=50&offset=19900", session));
        time("GET /api/user?query=lamarr 1&limit=50", 10, () -> get("/api/user?query=lamarr%201&limit=50", session));
        time("GET /api/collection (admin)", 10, () -> get("/api/collection", session));
        // the same listing right after a collection write (the kept listing is dropped): the PUT's time is not in the
        // p50, its CPU is in the CPU column
        int[] renames = {0};
        time("GET /api/collection (admin), after a rename each time", 10, () -> {
            put("/api/collection/" + collections[0], "{\"name\":\"Bench collection 0" + (renames[0]++ % 2 == 0 ? " renamed" : "") + "\"}");
            return null;
        }, () -> get("/api/collection", session));
        put("/api/collection/" + collections[0], "{\"name\":\"Bench collection 0\"}");
        time("GET /api/search?q=person 12345 (admin)", 10, () -> get("/api/search?q=person%2012345", session));
        time("GET /api/collection?exclude-other-user-collections=true (admin)", 10,
                () -> get("/api/collection?exclude-other-user-collections=true", session));
        time("GET /api/collection/tree?exclude-other-user-collections=true (admin)", 10,
                () -> get("/api/collection/tree?exclude-other-user-collections=true", session));
        time("GET /api/collection/root/items (admin)", 10, () -> get("/api/collection/root/items", session));
        time("GET /api/collection/" + collections[0] + "/items (admin)", 10, () -> get("/api/collection/" + collections[0] + "/items", session));
        time("GET /api/collection (member)", 10, () -> get("/api/collection", member));
        time("GET /api/collection/tree (member)", 10, () -> get("/api/collection/tree", member));
    }

    /** The whole-graph rows (GRAPHBENCH_SKIP_GRAPH leaves them out, for code whose graph calls take minutes). */
    private void graphRows(String jdbc, String user, String password, long someGroup, long[] collections) throws Exception {
        time("GET /api/collection/graph", GRAPH_RUNS, () -> get("/api/collection/graph", session));
        parallelReaders();
        time("GET /api/collection/graph?group_id=N", 10, () -> get("/api/collection/graph?group_id=" + someGroup, session));
        long[] revision = {get("/api/collection/graph?group_id=" + someGroup, session).revision()};
        String[] levels = {"write", "read"};
        int[] flip = {0};
        time("PUT /api/collection/graph, 1 cell", GRAPH_RUNS, () -> {
            Result r = put("/api/collection/graph", cells(revision[0], someGroup, collections, 1, levels[flip[0]++ % 2]));
            if (r.revision() >= 0) revision[0] = r.revision();
            return r;
        });
        time("PUT /api/collection/graph?skip_graph=true, 1 cell", GRAPH_RUNS, () -> {
            Result r = put("/api/collection/graph?skip_graph=true", cells(revision[0], someGroup, collections, 1, levels[flip[0]++ % 2]));
            if (r.revision() >= 0) revision[0] = r.revision();
            return r;
        });
        time("PUT /api/collection/graph?skip_graph=true, 10,000 cells", Math.min(3, GRAPH_RUNS), () -> {
            String body = cellsOfGroups(revision[0], someGroup, collections, 10_000, levels[flip[0]++ % 2]);
            Result r = put("/api/collection/graph?skip_graph=true", body);
            if (r.revision() >= 0) revision[0] = r.revision();
            return r;
        });
        try (Connection c = DriverManager.getConnection(jdbc, user.isEmpty() ? null : user, password.isEmpty() ? null : password)) {
            long[] sizes = longs(c, "SELECT COUNT(*), COALESCE(SUM(LENGTH(before_graph) + LENGTH(after_graph)), 0) "
                    + "FROM collection_permission_graph_revision");
            rows.add(String.format("| revision rows after the PUTs above | | | | %,d bytes in %d rows | before + after JSON |", sizes[1], sizes[0]));
        }
    }

    interface Call { Result call() throws Exception; }

    private void time(String name, int runs, Call call) throws Exception { time(name, runs, null, call); }

    /** `before` (untimed, when not null) runs before each call, warm-up included. */
    private void time(String name, int runs, Call before, Call call) throws Exception {
        try {
            if (before != null) before.call();
            call.call(); // warm-up
        } catch (IOException | InterruptedException e) {
            System.err.println(name + ": warm-up failed: " + e);
        }
        long[] ms = new long[runs];
        Result last = null;
        int errors = 0;
        long cpu0 = serverCpuMillis();
        for (int i = 0; i < runs; i++) {
            if (before != null) before.call();
            long t0 = System.nanoTime();
            try {
                last = call.call();
            } catch (IOException e) { // the server dropped the connection (e.g. out of memory) or timed out
                last = new Result(-1, 0, -1);
            }
            ms[i] = (System.nanoTime() - t0) / 1_000_000;
            if (last.status() != 200) errors++;
        }
        long cpu = (serverCpuMillis() - cpu0) / runs;
        Arrays.sort(ms);
        rows.add(String.format("| `%s` | %d ms | %d ms | %d ms | %,d bytes | %s |", name, ms[runs / 2], ms[runs - 1], cpu, last.bytes(),
                errors == 0 ? "" : errors + " of " + runs + " not 200 (last " + last.status() + ")"));
        System.err.println(rows.get(rows.size() - 1));
    }

    private void parallelReaders() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        long t0 = System.nanoTime();
        List<Future<Result>> futures = new ArrayList<>();
        for (int i = 0; i < 16; i++) futures.add(pool.submit(() -> get("/api/collection/graph", session)));
        Map<Integer, Integer> statuses = new LinkedHashMap<>();
        for (Future<Result> f : futures) {
            int status;
            try {
                status = f.get().status();
            } catch (Exception e) {
                status = -1;
            }
            statuses.merge(status, 1, Integer::sum);
        }
        pool.shutdown();
        rows.add(String.format("| `GET /api/collection/graph`, 8 parallel readers × 2 | %d ms all | | | | statuses %s |",
                (System.nanoTime() - t0) / 1_000_000, statuses));
        System.err.println(rows.get(rows.size() - 1));
    }

    private String login(String email, String password) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("username", email, "password", password)))).build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.read(r.body()).get("id").asText();
    }

    private Result get(String path, String session) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).header("X-Metabase-Session", session).GET().build());
    }

    private Result put(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).header("X-Metabase-Session", session)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Reads the whole body without keeping it: its size and the top-level "revision", if any. */
    private Result send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        CountingStream in = new CountingStream(r.body());
        long revision = -1;
        try (JsonParser p = Json.MAPPER.getFactory().createParser(in).disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)) {
            if (r.statusCode() == 200 && p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.getCurrentName();
                    p.nextToken();
                    if ("revision".equals(field)) revision = p.getLongValue();
                    else p.skipChildren();
                }
            }
        } catch (IOException ignored) {
            // not JSON: only its size matters
        }
        in.transferTo(OutputStreamNull.INSTANCE);
        return new Result(r.statusCode(), in.count, revision);
    }

    private static String cells(long revision, long group, long[] collections, int n, String level) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) row.put(String.valueOf(collections[i]), level);
        return Json.write(Map.of("revision", revision, "groups", Map.of(String.valueOf(group), row)));
    }

    /** n cells over consecutive groups from `firstGroup`, each group's row covering every bench collection. */
    private static String cellsOfGroups(long revision, long firstGroup, long[] collections, int n, String level) {
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            groups.computeIfAbsent(String.valueOf(firstGroup + i / collections.length), k -> new LinkedHashMap<>())
                    .put(String.valueOf(collections[i % collections.length]), level);
        }
        return Json.write(Map.of("revision", revision, "groups", groups));
    }

    private static long[] longs(Connection c, String sql) throws Exception {
        List<Long> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) for (int i = 1; i <= columns; i++) out.add(rs.getLong(i));
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * The server's user + system CPU time so far (/proc/PID/stat, in clock ticks of 10 ms): unlike wall time, it
     * hardly depends on how busy the shared machine is.
     */
    private long serverCpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static String peakRss(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmHWM"))
                    .findFirst().orElse("?").replaceAll("\\s+", " ");
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static final class CountingStream extends java.io.FilterInputStream {
        long count;

        CountingStream(InputStream in) { super(in); }

        @Override public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }
    }

    private static final class OutputStreamNull extends java.io.OutputStream {
        static final OutputStreamNull INSTANCE = new OutputStreamNull();

        @Override public void write(int b) {}

        @Override public void write(byte[] b, int off, int len) {}
    }
}
