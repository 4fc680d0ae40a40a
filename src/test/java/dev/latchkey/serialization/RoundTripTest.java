package dev.latchkey.serialization;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.content.Content;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented flow, verbatim: create an API key in the Administrators group, export with curl, unpack
 * with tar -xvf, re-pack with tar -czf, import into a fresh instance with curl, then compare every entity by
 * entity_id. Real curl and tar binaries, the real server on both ends.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoundTripTest {
    static TestApp source;
    static TestApp target;
    static Api.Caller sourceKey;
    static String sourceKeyText;
    static String targetKeyText;
    @TempDir static Path work;

    @BeforeAll
    static void start() {
        source = TestApp.start();
        target = TestApp.start();
        sourceKeyText = adminKey(source);
        targetKeyText = adminKey(target);
        sourceKey = TestApp.key(sourceKeyText);
        buildTree(new Content(source));
    }

    @AfterAll
    static void stop() {
        source.close();
        target.close();
    }

    static String adminKey(TestApp app) {
        return app.api.as(app.admin).post("/api/api-key", Map.of("name", "Serialization", "group_id", Content.ADMINISTRATORS))
                .expect(200).json().get("unmasked_key").asText();
    }

    static final int ENTITIES = 14;

    /**
     * Three levels of collections, a sibling and an archived subtree; questions (a model, one built on it,
     * one at the root, one with a parameter whose values come from another card, one archived with its
     * collection); a dashboard with two tabs, a series, a text card and a parameter mapping to a card from
     * another collection, and a root dashboard. Names need slugging and escaping.
     */
    static void buildTree(Content content) {
        Api api = source.api.as(source.admin);
        long sales = content.collection("Sales Reports", null);
        api.put("/api/collection/" + sales, Map.of("description", "Monthly revenue views", "color", "#509EE3")).expect(200);
        long monthly = content.collection("Monthly / EMEA", sales);
        long cafe = content.collection("Café Überblick: Q1 \"final\"", monthly);
        long marketing = content.collection("Marketing", null);
        long old = content.collection("Old stuff", null);
        long older = content.collection("Older stuff", old);
        long revenue = card(api, "Revenue by month", sales, "question",
                Map.of("database", 1, "type", "native", "native", Map.of("query", "SELECT month, sum(amount)\nFROM payments\nGROUP BY 1")), List.of());
        long model = card(api, "Orders model", monthly, "model", Map.of("database", 1, "type", "query", "query", Map.of("source-table", 7)), List.of());
        card(api, "Big orders", cafe, "question", Map.of("database", 1, "type", "query",
                "query", Map.of("source-table", "card__" + model, "filter", List.of(">", List.of("field", "total", Map.of()), 100))), List.of());
        long root = card(api, "Root question", null, "question", Map.of("database", 1, "type", "native", "native", Map.of("query", "SELECT 1")), List.of());
        card(api, "Filtered", marketing, "question", Map.of("database", 1, "type", "native", "native", Map.of("query", "SELECT 2")),
                List.of(Map.of("id", "p1", "type", "category", "values_source_type", "card",
                        "values_source_config", Map.of("card_id", revenue, "value_field", List.of("field", "month", Map.of())))));
        card(api, "Old question", older, "question", Map.of("database", 1, "type", "native", "native", Map.of("query", "SELECT 3")), List.of());
        long overview = content.dashboard("Sales overview", sales);
        api.put("/api/dashboard/" + overview, Map.of(
                "parameters", List.of(Map.of("id", "d1", "type", "date/single", "name", "Date", "slug", "date")),
                "tabs", List.of(Map.of("id", -1, "name", "Overview"), Map.of("id", -2, "name", "Details")),
                "dashcards", List.of(
                        dashcard(-1, revenue, -1, 0, List.of(Map.of("id", model)), List.of()),
                        dashcard(-2, null, -2, 0, List.of(), List.of()),
                        dashcard(-3, root, -1, 6, List.of(), List.of(Map.of("parameter_id", "d1", "card_id", root,
                                "target", List.of("dimension", List.of("template-tag", "d")))))))).expect(200);
        long rootDashboard = content.dashboard("Root dashboard", null);
        api.put("/api/dashboard/" + rootDashboard, Map.of("dashcards", List.of(dashcard(-1, revenue, null, 0, List.of(), List.of())))).expect(200);
        api.put("/api/collection/" + old, Map.of("archived", true)).expect(200);
    }

    static long card(Api api, String name, Long collection, String type, Map<String, Object> query, List<Object> parameters) {
        Map<String, Object> body = new java.util.HashMap<>(Content.cardBody(name, collection));
        body.put("type", type);
        body.put("dataset_query", query);
        body.put("parameters", parameters);
        body.put("visualization_settings", Map.of("graph.dimensions", List.of("month"), "table.pivot", false));
        return api.post("/api/card", body).expect(200).json().get("id").asLong();
    }

    static Map<String, Object> dashcard(long id, Long card, Integer tab, int row, List<Object> series, List<Object> mappings) {
        Map<String, Object> d = new java.util.HashMap<>();
        d.put("id", id);
        d.put("card_id", card);
        d.put("dashboard_tab_id", tab);
        d.put("row", row);
        d.put("col", 0);
        d.put("size_x", 12);
        d.put("size_y", 6);
        d.put("series", series);
        d.put("parameter_mappings", mappings);
        d.put("visualization_settings", card == null ? Map.of("text", "# Notes\nRead me") : Map.of());
        return d;
    }

    /** The seed's commands, with the key and this server's port in place of YOUR_API_KEY and the URL. */
    static String exportWithCurlAndRepack(TestApp app, String key) {
        String url = "http://localhost:" + app.app.port() + "/api/ee/serialization/export";
        Shell.ok(work, "curl -H 'x-api-key: " + key + "' -X POST '" + url + "' -o latchkey_data.tgz");
        String listing = Shell.ok(work, "tar -xvf latchkey_data.tgz");
        String dir = listing.lines().findFirst().orElseThrow().replaceAll("/.*", "");
        assertThat(Files.isRegularFile(work.resolve(dir).resolve("export.log"))).isTrue();
        Shell.ok(work, "tar -czf latchkey_data.tgz " + dir);
        return dir;
    }

    static String importWithCurl(TestApp app, String key) {
        String url = "http://localhost:" + app.app.port() + "/api/ee/serialization/import";
        return Shell.ok(work, "curl -X POST -H 'x-api-key: " + key + "' -F file=@latchkey_data.tgz '" + url + "' -o -");
    }

    @Test
    @Order(1)
    void the_documented_curl_and_tar_flow_copies_every_entity_by_entity_id() {
        exportWithCurlAndRepack(source, sourceKeyText);
        String log = importWithCurl(target, targetKeyText);
        assertThat(log).contains("Import finished: " + ENTITIES + " created, 0 updated, 0 skipped with errors.");
        ContentState expected = ContentState.of(source);
        assertThat(expected.collections).hasSize(6);
        assertThat(expected.cards).hasSize(6);
        assertThat(expected.dashboards).hasSize(2);
        assertThat(ContentState.of(target).all()).isEqualTo(expected.all());
    }

    @Test
    @Order(2)
    void importing_the_same_archive_again_changes_nothing() {
        Map<String, Object> before = ContentState.of(target).all();
        String log = importWithCurl(target, targetKeyText);
        assertThat(log).contains("Import finished: 0 created, " + ENTITIES + " updated, 0 skipped with errors.");
        assertThat(ContentState.of(target).all()).isEqualTo(before);
    }

    @Test
    @Order(3)
    void a_matching_entity_id_is_updated_and_nothing_is_deleted() {
        JsonNode marketing = findByName(target, "Marketing");
        target.api.as(target.admin).put("/api/collection/" + marketing.get("id").asLong(), Map.of("name", "Renamed here")).expect(200);
        long extra = new Content(target).collection("Only on the target", null);
        long extraCard = new Content(target).card("Only on the target too", null);
        importWithCurl(target, targetKeyText);
        assertThat(target.api.as(target.admin).get("/api/collection/" + marketing.get("id").asLong()).expect(200).json()
                .get("name").asText()).isEqualTo("Marketing");
        target.api.as(target.admin).get("/api/collection/" + extra).expect(200);
        target.api.as(target.admin).get("/api/card/" + extraCard).expect(200);
        ContentState after = ContentState.of(target);
        assertThat(after.collections).containsAllEntriesOf(ContentState.of(source).collections);
        assertThat(after.dashboards).isEqualTo(ContentState.of(source).dashboards);
    }

    @Test
    @Order(4)
    void the_exported_files_follow_metabase_layout_with_entity_ids_and_serdes_meta() throws Exception {
        String dir = exportWithCurlAndRepack(source, sourceKeyText);
        JsonNode sales = findByName(source, "Sales Reports");
        String eid = sales.get("entity_id").asText();
        Path folder = work.resolve(dir).resolve("collections").resolve(eid + "_sales_reports");
        String yaml = Files.readString(folder.resolve(eid + "_sales_reports.yaml"));
        assertThat(yaml).startsWith("name: Sales Reports\ndescription: Monthly revenue views\nentity_id: " + eid + "\n")
                .contains("\nparent_id: null\n")
                .endsWith("serdes/meta:\n- id: " + eid + "\n  label: sales_reports\n  model: Collection\n");
        try (var files = Files.walk(folder)) {
            // itself, its child and grandchild, Revenue by month, Big orders, the model, and the overview dashboard
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(7);
        }
        String dashboard;
        try (var files = Files.list(folder.resolve("dashboards"))) {
            dashboard = Files.readString(files.findFirst().orElseThrow());
        }
        assertThat(dashboard).contains("\ncreator_id: " + TestApp.ADMIN_EMAIL + "\n").contains("\ncollection_id: " + eid + "\n")
                .contains("\ntabs:\n- entity_id: ").contains("\ndashcards:\n- entity_id: ").contains("  dashboard_tab_id:\n  - ");
        try (var files = Files.list(work.resolve(dir).resolve("collections").resolve("cards"))) {
            assertThat(files.map(p -> p.getFileName().toString())).singleElement().asString().endsWith("_root_question.yaml");
        }
    }

    static JsonNode findByName(TestApp app, String name) {
        for (JsonNode c : app.api.as(app.admin).get("/api/collection").expect(200).json()) {
            if (c.path("name").asText().equals(name)) return c;
        }
        throw new AssertionError("no collection named " + name);
    }
}
