package dev.latchkey.content;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;
import dev.latchkey.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.latchkey.content.Content.ALL_USERS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 1,000 questions across 100 collections (10 top-level, 9 children each, 10 questions in every one), built
 * through the API with parallel requests. A key whose group reads only half of the collections must see
 * exactly that half in items and search. Timings go to target/scale-&lt;db&gt;.txt (see BENCHMARKS.md).
 */
class ContentAtScaleTest {
    static final int TOP = 10, CHILDREN = 9, CARDS = 10, THREADS = 8;

    static TestApp app;
    static Content content;
    static Api.Caller halfKey;
    static final List<Long> collections = Collections.synchronizedList(new ArrayList<>());
    static final Map<Long, Set<Long>> cardsByCollection = Collections.synchronizedMap(new HashMap<>());
    static final Set<Long> readable = new HashSet<>();
    static final List<String> report = new ArrayList<>();

    @BeforeAll static void build() throws Exception {
        app = TestApp.start();
        content = new Content(app);
        content.grant(ALL_USERS, null, "none");
        long t0 = System.nanoTime();
        List<Long> tops = parallel(java.util.stream.IntStream.range(0, TOP).mapToObj(i ->
                (Callable<Long>) () -> content.collection("Scale top " + i, null)).toList());
        List<Callable<Long>> kids = new ArrayList<>();
        for (long top : tops) for (int j = 0; j < CHILDREN; j++) {
            int n = j;
            kids.add(() -> content.collection("Scale child " + top + "-" + n, top));
        }
        collections.addAll(tops);
        collections.addAll(parallel(kids));
        long t1 = System.nanoTime();
        List<Callable<Long>> cards = new ArrayList<>();
        for (long c : collections) for (int k = 0; k < CARDS; k++) {
            int n = k;
            cards.add(() -> {
                long id = content.card("Scale question " + c + "-" + n, c);
                cardsByCollection.computeIfAbsent(c, x -> Collections.synchronizedSet(new HashSet<>())).add(id);
                return id;
            });
        }
        parallel(cards);
        long t2 = System.nanoTime();
        long group = app.api.as(app.admin).post("/api/permissions/group", Map.of("name", "Half readers")).expect(200).json().get("id").asLong();
        Map<String, String> cells = new HashMap<>();
        for (int i = 0; i < collections.size(); i++) {
            long c = collections.get(i);
            cells.put(String.valueOf(c), i % 2 == 0 ? "read" : "none");
            if (i % 2 == 0) readable.add(c);
        }
        long revision = app.api.as(app.admin).get("/api/collection/graph").expect(200).json().get("revision").asLong();
        app.api.as(app.admin).put("/api/collection/graph", Map.of("revision", revision, "groups", Map.of(String.valueOf(group), cells))).expect(200);
        halfKey = TestApp.key(app.api.as(app.admin).post("/api/api-key", Map.of("name", "half " + UUID.randomUUID(), "group_id", group))
                .expect(200).json().get("unmasked_key").asText());
        report.add(String.format("create 100 collections: %d ms; create 1000 questions (%d threads): %d ms (%.0f/s)",
                ms(t0, t1), THREADS, ms(t1, t2), 1000 / ((t2 - t1) / 1e9)));
    }

    @AfterAll static void stop() throws IOException {
        Path out = Path.of("target", "scale-" + TestDatabase.KIND + ".txt");
        Files.createDirectories(out.getParent());
        Files.write(out, report, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        report.forEach(line -> System.out.println("SCALE " + TestDatabase.KIND + ": " + line));
        app.close();
    }

    @Test
    void every_collections_items_are_exactly_its_questions_for_the_admin_and_the_half_key() {
        List<Long> latencies = new ArrayList<>();
        for (long c : collections) {
            long start = System.nanoTime();
            JsonNode page = app.api.as(app.admin).get("/api/collection/" + c + "/items?models=card").expect(200).json();
            latencies.add(System.nanoTime() - start);
            assertThat(page.get("total").asInt()).isEqualTo(CARDS);
            assertThat(new HashSet<>(Content.ids(page.get("data")))).isEqualTo(cardsByCollection.get(c));
            if (readable.contains(c)) {
                assertThat(new HashSet<>(Content.ids(app.api.as(halfKey).get("/api/collection/" + c + "/items?models=card")
                        .expect(200).json().get("data")))).isEqualTo(cardsByCollection.get(c));
            } else {
                app.api.as(halfKey).get("/api/collection/" + c + "/items").expect(403);
            }
        }
        Collections.sort(latencies);
        report.add(String.format("GET /api/collection/:id/items?models=card (10 of 1000 questions), 100 calls: p50 %.1f ms, p95 %.1f ms, max %.1f ms",
                latencies.get(49) / 1e6, latencies.get(94) / 1e6, latencies.get(99) / 1e6));
    }

    @Test
    void a_top_collection_pages_its_ten_questions_and_nine_children() {
        long top = collections.get(0);
        JsonNode all = app.api.as(app.admin).get("/api/collection/" + top + "/items").expect(200).json();
        assertThat(all.get("total").asInt()).isEqualTo(CARDS + CHILDREN);
        Set<String> seen = new HashSet<>();
        for (int offset = 0; offset < CARDS + CHILDREN; offset += 5) {
            JsonNode page = app.api.as(app.admin).get("/api/collection/" + top + "/items?limit=5&offset=" + offset).expect(200).json();
            page.get("data").forEach(n -> seen.add(n.get("model").asText() + n.get("id").asLong()));
        }
        assertThat(seen).hasSize(CARDS + CHILDREN);
    }

    @Test
    void search_finds_every_readable_question_and_nothing_else() {
        long start = System.nanoTime();
        JsonNode adminAll = app.api.as(app.admin).get("/api/search?q=scale+question&models=card").expect(200).json();
        long adminMs = ms(start, System.nanoTime());
        assertThat(adminAll.get("total").asInt()).isEqualTo(1000);
        start = System.nanoTime();
        JsonNode half = app.api.as(halfKey).get("/api/search?q=scale+question&models=card&limit=50").expect(200).json();
        long halfMs = ms(start, System.nanoTime());
        assertThat(half.get("total").asInt()).isEqualTo(500);
        assertThat(half.get("data").size()).isEqualTo(50);
        Set<Long> expected = new HashSet<>();
        readable.forEach(c -> expected.addAll(cardsByCollection.get(c)));
        Set<Long> found = new HashSet<>();
        for (int offset = 0; offset < 500; offset += 100) {
            app.api.as(halfKey).get("/api/search?q=scale+question&models=card&limit=100&offset=" + offset).expect(200).json()
                    .get("data").forEach(n -> found.add(n.get("id").asLong()));
        }
        assertThat(found).isEqualTo(expected);
        long c = collections.get(37);
        start = System.nanoTime();
        JsonNode one = app.api.as(app.admin).get("/api/search?q=Scale+question+" + c + "-7").expect(200).json();
        long oneMs = ms(start, System.nanoTime());
        assertThat(one.get("data").get(0).get("name").asText()).isEqualTo("Scale question " + c + "-7");
        report.add(String.format("GET /api/search over 1000 questions + 100 collections: all matches (admin, total 1000) %d ms; "
                + "half key (total 500, limit 50) %d ms; one exact name %d ms", adminMs, halfMs, oneMs));
    }

    static long ms(long from, long to) { return (to - from) / 1_000_000; }

    static <T> List<T> parallel(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<T> out = new ArrayList<>();
            for (Future<T> f : pool.invokeAll(tasks)) out.add(f.get());
            return out;
        } finally {
            pool.shutdown();
        }
    }
}
