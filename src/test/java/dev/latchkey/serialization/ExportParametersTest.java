package dev.latchkey.serialization;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.content.Content;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The export's query parameters decide what goes into the archive, as Metabase's do. */
class ExportParametersTest {
    static TestApp app;
    static Api.Caller adminKey;
    static Api.Caller memberKey;
    static String sales;
    static String monthly;
    static String marketing;
    static long salesId;
    static String personal;
    static long personalId;

    @BeforeAll
    static void start() {
        app = TestApp.start();
        adminKey = TestApp.key(key(Content.ADMINISTRATORS));
        memberKey = TestApp.key(key(Content.ALL_USERS));
        Content content = new Content(app);
        salesId = content.collection("Sales", null);
        long monthlyId = content.collection("Monthly", salesId);
        long marketingId = content.collection("Marketing", null);
        long salesCard = content.card("Sales question", salesId);
        content.card("Monthly question", monthlyId);
        long marketingCard = content.card("Marketing question", marketingId);
        content.card("Root question", null);
        long dashboard = content.dashboard("Sales dashboard", salesId);
        app.api.as(app.admin).put("/api/dashboard/" + dashboard, Map.of("dashcards", List.of(
                dashcard(-1, salesCard), dashcard(-2, marketingCard)))).expect(200);
        personalId = app.api.as(app.admin).get("/api/user/current").expect(200).json().get("personal_collection_id").asLong();
        content.card("Private question", personalId);
        sales = eid(salesId);
        monthly = eid(monthlyId);
        marketing = eid(marketingId);
        personal = eid(personalId);
    }

    @AfterAll
    static void stop() { app.close(); }

    static String key(long group) {
        return app.api.as(app.admin).post("/api/api-key", Map.of("name", "key " + group, "group_id", group)).expect(200)
                .json().get("unmasked_key").asText();
    }

    static Map<String, Object> dashcard(long id, long card) {
        return Map.of("id", id, "card_id", card, "row", 0, "col", 0, "size_x", 4, "size_y", 4);
    }

    static String eid(long collectionId) {
        return app.api.as(app.admin).get("/api/collection/" + collectionId).expect(200).json().get("entity_id").asText();
    }

    /** "<model> <name>" of every entity file in an export made with these parameters. */
    static Set<String> exported(String query) {
        Set<String> out = new TreeSet<>();
        byte[] archive = Serdes.exportOk(app, adminKey, query);
        Archive.read(new ByteArrayInputStream(archive), Archive.Limits.DEFAULT).forEach((path, bytes) -> {
            if (!path.endsWith(".yaml") || path.endsWith("/settings.yaml")) return;
            JsonNode doc = Yaml.read(path, bytes);
            out.add(doc.get("serdes/meta").get(0).get("model").asText() + " " + doc.get("name").asText());
        });
        return out;
    }

    static Set<String> files(String query) {
        return Archive.read(new ByteArrayInputStream(Serdes.exportOk(app, adminKey, query)), Archive.Limits.DEFAULT).keySet();
    }

    @Test
    void by_default_everything_outside_personal_collections_is_exported_with_root_items() {
        assertThat(exported("")).containsExactly("Card Marketing question", "Card Monthly question", "Card Root question",
                "Card Sales question", "Collection Marketing", "Collection Monthly", "Collection Sales", "Dashboard Sales dashboard");
    }

    @Test
    void a_collection_by_id_exports_its_subtree_and_the_cards_its_dashboards_use() {
        assertThat(exported("collection=" + salesId)).containsExactly("Card Marketing question", "Card Monthly question",
                "Card Sales question", "Collection Monthly", "Collection Sales", "Dashboard Sales dashboard");
        String log = new String(Archive.read(new ByteArrayInputStream(Serdes.exportOk(app, adminKey, "collection=" + salesId + "&dirname=d")),
                Archive.Limits.DEFAULT).get("d/export.log"), StandardCharsets.UTF_8);
        assertThat(log).contains("Warning: Card").contains("\"Marketing question\" is used by the selected content but stored outside");
    }

    @Test
    void collections_by_entity_id_can_be_repeated() {
        assertThat(exported("collection=eid:" + monthly + "&collection=eid:" + marketing)).containsExactly(
                "Card Marketing question", "Card Monthly question", "Collection Marketing", "Collection Monthly");
    }

    @Test
    void a_personal_collection_is_exported_only_when_named() {
        assertThat(exported("")).doesNotContain("Card Private question");
        assertThat(exported("collection=" + personalId)).contains("Card Private question")
                .anyMatch(s -> s.startsWith("Collection Crowberto Corv"));
    }

    @Test
    void all_collections_false_exports_no_content_and_settings_false_no_settings() {
        assertThat(files("all_collections=false&dirname=d")).containsExactly("d/export.log", "d/settings.yaml");
        assertThat(files("all_collections=false&settings=false&dirname=d")).containsExactly("d/export.log");
    }

    @Test
    void data_model_field_values_and_secrets_are_accepted_and_add_nothing() {
        assertThat(exported("data_model=true&field_values=true&database_secrets=true")).isEqualTo(exported(""));
    }

    @Test
    void an_unknown_collection_is_a_404() {
        HttpResponse<byte[]> byId = Serdes.export(app, adminKey, "collection=999999");
        assertThat(byId.statusCode()).isEqualTo(404);
        assertThat(new String(byId.body(), StandardCharsets.UTF_8)).isEqualTo("Not found.");
        assertThat(Serdes.export(app, adminKey, "collection=eid:" + "x".repeat(21)).statusCode()).isEqualTo(404);
    }

    @Test
    void an_api_key_outside_the_administrators_group_gets_403_for_both_endpoints() {
        HttpResponse<byte[]> export = Serdes.export(app, memberKey, "");
        assertThat(export.statusCode()).isEqualTo(403);
        assertThat(new String(export.body(), StandardCharsets.UTF_8)).isEqualTo("You don't have permissions to do that.");
        byte[] archive = Serdes.exportOk(app, adminKey, "");
        assertThat(Serdes.importArchive(app, memberKey, archive).statusCode()).isEqualTo(403);
    }

    @Test
    void an_admin_key_can_export_and_reimport_its_own_instance() {
        byte[] archive = Serdes.exportOk(app, adminKey, "");
        String log = Serdes.importOk(app, adminKey, archive);
        assertThat(log).contains("Import finished: 0 created, 8 updated, 0 skipped with errors.");
    }
}
