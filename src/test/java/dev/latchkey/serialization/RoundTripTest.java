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

    /** Three levels, a sibling, an archived subtree, and names that need slugging and escaping. */
    static void buildTree(Content content) {
        long sales = content.collection("Sales Reports", null);
        source.api.as(source.admin).put("/api/collection/" + sales, Map.of("description", "Monthly revenue views", "color", "#509EE3")).expect(200);
        long monthly = content.collection("Monthly / EMEA", sales);
        content.collection("Café Überblick: Q1 \"final\"", monthly);
        content.collection("Marketing", null);
        long old = content.collection("Old stuff", null);
        content.collection("Older stuff", old);
        source.api.as(source.admin).put("/api/collection/" + old, Map.of("archived", true)).expect(200);
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
    void the_documented_curl_and_tar_flow_copies_every_collection_by_entity_id() {
        exportWithCurlAndRepack(source, sourceKeyText);
        String log = importWithCurl(target, targetKeyText);
        assertThat(log).contains("Import finished: 6 created, 0 updated, 0 skipped with errors.");
        var expected = ContentState.collections(source, source.admin);
        assertThat(expected).hasSize(6);
        assertThat(ContentState.collections(target, target.admin)).isEqualTo(expected);
    }

    @Test
    @Order(2)
    void importing_the_same_archive_again_changes_nothing() {
        var before = ContentState.collections(target, target.admin);
        String log = importWithCurl(target, targetKeyText);
        assertThat(log).contains("Import finished: 0 created, 6 updated, 0 skipped with errors.");
        assertThat(ContentState.collections(target, target.admin)).isEqualTo(before);
    }

    @Test
    @Order(3)
    void a_matching_entity_id_is_updated_and_nothing_is_deleted() {
        JsonNode marketing = findByName(target, "Marketing");
        target.api.as(target.admin).put("/api/collection/" + marketing.get("id").asLong(), Map.of("name", "Renamed here")).expect(200);
        long extra = new Content(target).collection("Only on the target", null);
        importWithCurl(target, targetKeyText);
        assertThat(target.api.as(target.admin).get("/api/collection/" + marketing.get("id").asLong()).expect(200).json()
                .get("name").asText()).isEqualTo("Marketing");
        target.api.as(target.admin).get("/api/collection/" + extra).expect(200);
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
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(3);
        }
    }

    static JsonNode findByName(TestApp app, String name) {
        for (JsonNode c : app.api.as(app.admin).get("/api/collection").expect(200).json()) {
            if (c.path("name").asText().equals(name)) return c;
        }
        throw new AssertionError("no collection named " + name);
    }
}
