package dev.latchkey.serialization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.content.Content;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static dev.latchkey.serialization.Docs.eid;
import static dev.latchkey.serialization.Docs.yaml;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an import does with content that is wrong or incomplete: all-or-nothing with a log naming the file and
 * the problem, continue_on_error skipping what cannot be imported, people falling back to the importing admin.
 */
class ImportRulesTest {
    static TestApp app;

    @BeforeAll static void start() { app = TestApp.start(); }

    @AfterAll static void stop() { app.close(); }

    /** Refused with 400, naming the problem, and the database exactly as before. */
    static String refused(TarBuilder archive) {
        Map<String, Object> before = ContentState.of(app).all();
        String log = Serdes.importRefused(app, app.admin, archive.tgz());
        assertThat(ContentState.of(app).all()).isEqualTo(before);
        assertThat(log).endsWith(": nothing was changed.\n");
        return log;
    }

    static String file(String eid, String name) { return "d/collections/" + eid + "_" + name + "/" + eid + "_" + name + ".yaml"; }

    @Test
    void a_reference_to_a_missing_collection_refuses_the_whole_import() {
        String good = eid();
        String missing = eid();
        String card = eid();
        String log = refused(new TarBuilder()
                .file(file(good, "good"), yaml(Docs.collection(good, "Good", null)))
                .file("d/collections/cards/" + card + "_orphan.yaml", yaml(Docs.card(card, "Orphan", missing, "crowberto@metabase.com"))));
        assertThat(log).contains("ERROR collections/cards/" + card + "_orphan.yaml: collection_id: refers to Collection "
                + missing + ", which is neither in the archive nor in this instance");
    }

    @Test
    void a_dashboard_using_a_missing_card_is_refused() {
        String dashboard = eid();
        String missing = eid();
        assertThat(refused(new TarBuilder().file("d/collections/dashboards/" + dashboard + "_d.yaml",
                yaml(Docs.dashboard(dashboard, "D", null, missing)))))
                .contains("dashcards[0].card_id: refers to Card " + missing + ", which is neither in the archive nor in this instance");
    }

    @Test
    void collections_whose_parents_form_a_cycle_are_refused() {
        String a = eid();
        String b = eid();
        assertThat(refused(new TarBuilder().file(file(a, "a"), yaml(Docs.collection(a, "A", b)))
                .file(file(b, "b"), yaml(Docs.collection(b, "B", a))))).contains("which refers back to it");
    }

    @Test
    void the_same_entity_id_in_two_files_is_refused() {
        String a = eid();
        assertThat(refused(new TarBuilder().file(file(a, "a"), yaml(Docs.collection(a, "A", null)))
                .file(file(a, "copy"), yaml(Docs.collection(a, "Copy", null))))).contains("Collection " + a + " is also in");
    }

    @Test
    void bad_values_are_refused_naming_the_key() {
        String a = eid();
        ObjectNode blank = Docs.collection(a, "A", null).put("name", " ");
        assertThat(refused(new TarBuilder().file(file(a, "a"), yaml(blank)))).contains(": name: must not be blank");
        ObjectNode longName = Docs.collection(a, "A", null).put("name", "n".repeat(255));
        assertThat(refused(new TarBuilder().file(file(a, "a"), yaml(longName)))).contains("name: longer than 254 characters");
        ObjectNode badId = Docs.collection(a, "A", null).put("parent_id", "not-an-entity-id");
        assertThat(refused(new TarBuilder().file(file(a, "a"), yaml(badId)))).contains("parent_id: not an entity id");
        ObjectNode card = Docs.card(eid(), "Q", null, null);
        card.put("dataset_query", "SELECT 1");
        assertThat(refused(new TarBuilder().file("d/collections/cards/q.yaml", yaml(card)))).contains("dataset_query: must be a map");
        ObjectNode mismatch = Docs.collection(a, "A", null);
        ((ObjectNode) mismatch.get("serdes/meta").get(0)).put("id", eid());
        assertThat(refused(new TarBuilder().file(file(a, "a"), yaml(mismatch)))).contains("serdes/meta: id");
    }

    @Test
    void a_dashcard_on_a_tab_of_another_dashboard_is_refused() {
        String card = eid();
        String dashboard = eid();
        ObjectNode d = Docs.dashboard(dashboard, "D", null, card);
        d.withArray("tabs").addObject().put("entity_id", eid()).put("name", "Tab");
        ((ObjectNode) d.get("dashcards").get(0)).putArray("dashboard_tab_id").add(eid()).add(eid());
        assertThat(refused(new TarBuilder().file("d/collections/cards/c.yaml", yaml(Docs.card(card, "C", null, null)))
                .file("d/collections/dashboards/d.yaml", yaml(d)))).contains("which is not one of this dashboard's tabs");
    }

    @Test
    void with_continue_on_error_the_rest_is_imported_and_the_broken_files_are_logged() {
        String good = eid();
        String child = eid();
        String broken = eid();
        String orphan = eid();
        byte[] archive = new TarBuilder()
                .file(file(good, "good"), yaml(Docs.collection(good, "Imported anyway", null)))
                .file(file(broken, "broken"), "name: [unclosed\n")
                .file(file(child, "child"), yaml(Docs.collection(child, "Child of the broken one", broken)))
                .file("d/collections/cards/" + orphan + "_o.yaml", yaml(Docs.card(orphan, "In the broken one", broken, null))).tgz();
        HttpResponse<String> r = Serdes.importArchive(app, app.admin, archive, "continue_on_error=true", Map.of());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("ERROR collections/" + broken + "_broken/" + broken + "_broken.yaml: invalid YAML")
                .contains("ERROR collections/" + child + "_child/" + child + "_child.yaml: parent_id: refers to Collection " + broken)
                .doesNotContain("Created Collection " + child)
                .contains("Created Collection " + good).contains("Import finished: 1 created, 0 updated, 3 skipped with errors.");
        assertThat(ContentState.of(app).collections).containsKey(good).doesNotContainKey(child);
        assertThat(ContentState.of(app).cards).doesNotContainKey(orphan);
    }

    @Test
    void an_unknown_person_falls_back_to_the_importing_admin_with_a_log_line() {
        String card = eid();
        String r = Serdes.importOk(app, app.admin, new TarBuilder().file("d/collections/cards/" + card + "_q.yaml",
                yaml(Docs.card(card, "Made elsewhere", null, "ana.lopez@example.org"))).tgz());
        assertThat(r).contains("WARN collections/cards/" + card + "_q.yaml: creator_id: no person with email ana.lopez@example.org here; "
                + "their content is credited to the importing admin " + TestApp.ADMIN_EMAIL);
        assertThat(ContentState.of(app).cards.get(card).get("creator")).isEqualTo(TestApp.ADMIN_EMAIL);
    }

    @Test
    void a_known_person_keeps_their_content() {
        String card = eid();
        Serdes.importOk(app, app.admin, new TarBuilder().file("d/collections/cards/" + card + "_q.yaml",
                yaml(Docs.card(card, "Rasta's", null, TestApp.MEMBER_EMAIL))).tgz());
        assertThat(ContentState.of(app).cards.get(card).get("creator")).isEqualTo(TestApp.MEMBER_EMAIL);
    }

    @Test
    void models_latchkey_does_not_store_are_skipped_with_a_warning() {
        ObjectNode timeline = Docs.collection(eid(), "Releases", null);
        ((ObjectNode) timeline.get("serdes/meta").get(0)).put("model", "Timeline");
        String log = Serdes.importOk(app, app.admin, new TarBuilder().file("d/collections/timelines/t.yaml", yaml(timeline))
                .file("d/databases/Sample/Sample.yaml", "name: Sample\n").tgz());
        assertThat(log).contains("WARN collections/timelines/t.yaml: skipped: Latchkey does not store Timeline entities")
                .contains("WARN databases/Sample/Sample.yaml: skipped");
    }

    @Test
    void an_imported_collection_gets_its_parents_permissions_like_a_new_one() {
        String parent = eid();
        String child = eid();
        Serdes.importOk(app, app.admin, new TarBuilder().file(file(parent, "p"), yaml(Docs.collection(parent, "Parent", null)))
                .file(file(child, "c"), yaml(Docs.collection(child, "Child", parent))).tgz());
        JsonNode graph = app.api.as(app.admin).get("/api/collection/graph").expect(200).json().get("groups").get("1");
        long childId = -1;
        for (JsonNode c : app.api.as(app.admin).get("/api/collection").expect(200).json()) {
            if (c.path("entity_id").asText().equals(child)) childId = c.get("id").asLong();
        }
        assertThat(graph.get(String.valueOf(childId)).asText()).isEqualTo(graph.get("root").asText());
    }

    // ---- the placement rule: nothing live is saved into an archived collection, by an import either ----

    @Test
    void a_live_question_or_dashboard_in_an_archived_collection_of_the_archive_is_refused() {
        String x = eid(), card = eid(), dashboard = eid();
        String folder = "d/collections/" + x + "_x/";
        TarBuilder withCard = new TarBuilder().file(folder + x + "_x.yaml", yaml(Docs.collection(x, "X", null).put("archived", true)))
                .file(folder + "cards/" + card + "_q.yaml", yaml(Docs.card(card, "Q", x, null)));
        assertThat(refused(withCard)).contains("You cannot put an item into an archived Collection.");
        TarBuilder withDashboard = new TarBuilder().file(folder + x + "_x.yaml", yaml(Docs.collection(x, "X", null).put("archived", true)))
                .file(folder + "dashboards/" + dashboard + "_d.yaml", yaml(Docs.dashboard(dashboard, "D", x, null)));
        assertThat(refused(withDashboard)).contains("You cannot put an item into an archived Collection.");
    }

    @Test
    void a_live_question_into_a_collection_archived_here_is_refused() {
        Content content = new Content(app);
        long here = content.collection("Archived here", null);
        app.api.as(app.admin).put("/api/collection/" + here, Map.of("archived", true)).expect(200);
        String hereEid = app.api.as(app.admin).get("/api/collection/" + here).expect(200).json().get("entity_id").asText();
        String card = eid();
        assertThat(refused(new TarBuilder().file("d/collections/cards/" + card + "_q.yaml", yaml(Docs.card(card, "Q", hereEid, null)))))
                .contains("You cannot put an item into an archived Collection.");
    }

    @Test
    void a_live_collection_under_an_archived_one_is_refused() {
        String parent = eid(), child = eid();
        String folder = "d/collections/" + parent + "_p/";
        assertThat(refused(new TarBuilder().file(folder + parent + "_p.yaml", yaml(Docs.collection(parent, "P", null).put("archived", true)))
                .file(folder + child + "_c/" + child + "_c.yaml", yaml(Docs.collection(child, "C", parent)))))
                .contains("You cannot put a Collection into an archived Collection.");
    }

    @Test
    void archived_content_in_an_archived_collection_is_imported() {
        String x = eid(), card = eid();
        String folder = "d/collections/" + x + "_y/";
        Serdes.importOk(app, app.admin, new TarBuilder().file(folder + x + "_y.yaml", yaml(Docs.collection(x, "Y", null).put("archived", true)))
                .file(folder + "cards/" + card + "_q.yaml", yaml(Docs.card(card, "Archived Q", x, null).put("archived", true))).tgz());
        boolean found = false;
        for (var c : app.api.as(app.admin).get("/api/card?f=archived").expect(200).json()) found |= c.get("entity_id").asText().equals(card);
        assertThat(found).isTrue();
    }
}
