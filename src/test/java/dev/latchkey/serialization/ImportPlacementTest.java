package dev.latchkey.serialization;

import dev.latchkey.content.Content;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.latchkey.serialization.Docs.eid;
import static dev.latchkey.serialization.Docs.yaml;
import static org.assertj.core.api.Assertions.assertThat;

/** An import obeys the placement rule too: nothing live is saved into an archived collection. */
class ImportPlacementTest {
    static TestApp app;

    @BeforeAll static void start() { app = TestApp.start(); }

    @AfterAll static void stop() { app.close(); }

    static String refused(TarBuilder archive) {
        Map<String, Object> before = ContentState.of(app).all();
        String log = Serdes.importRefused(app, app.admin, archive.tgz());
        assertThat(ContentState.of(app).all()).isEqualTo(before);
        return log;
    }

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
