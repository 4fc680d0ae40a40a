package dev.latchkey.content.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.content.ContentApiTestBase;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.latchkey.content.Content.ALL_USERS;
import static dev.latchkey.content.dashboards.DashboardApiTest.dashcard;
import static dev.latchkey.support.TestApp.ANONYMOUS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deprecated v0.49 PUT /api/dashboard/:id/cards, which clients still use to add, change and remove dashcards:
 * {"cards": [...], "tabs": [...]} replaces the layout and answers with the saved one.
 */
class DashcardsEndpointTest extends ContentApiTestBase {
    @Test
    void cards_with_negative_ids_are_added_and_the_answer_is_the_saved_layout_with_new_ids() {
        long card1 = content.card("Cards card 1", null);
        long card2 = content.card("Cards card 2", null);
        long dash = content.dashboard("Cards board", null);
        JsonNode saved = app.api.as(app.admin).put("/api/dashboard/" + dash + "/cards",
                Map.of("cards", List.of(dashcard(-1, card1, null, 0), dashcard(-2, card2, null, 1)), "tabs", List.of())).expect(200).json();
        assertThat(fieldNames(saved)).containsExactly("cards", "tabs");
        assertThat(saved.get("cards").size()).isEqualTo(2);
        JsonNode first = saved.get("cards").get(0);
        assertThat(first.get("id").asLong()).isPositive();
        assertThat(first.get("card_id").asLong()).isEqualTo(card1);
        assertThat(first.get("card").get("name").asText()).isEqualTo("Cards card 1");
        assertThat(first.get("series").isArray()).isTrue();
        assertThat(first.get("visualization_settings").get("card.title").asText()).isEqualTo("Tile 0");
        assertThat(saved.get("tabs").size()).isZero();
        JsonNode viaGet = app.api.as(app.admin).get("/api/dashboard/" + dash).expect(200).json();
        assertThat(viaGet.get("dashcards").toString()).isEqualTo(saved.get("cards").toString());
    }

    @Test
    void the_cards_list_replaces_the_dashcards_updating_kept_ones_and_removing_the_rest() {
        long card = content.card("Cards replace", null);
        long dash = content.dashboard("Cards replace board", null);
        JsonNode first = app.api.as(app.admin).put("/api/dashboard/" + dash + "/cards",
                Map.of("cards", List.of(dashcard(-1, card, null, 0), dashcard(-2, card, null, 1)))).expect(200).json();
        long keep = first.get("cards").get(0).get("id").asLong();
        JsonNode after = app.api.as(app.admin).put("/api/dashboard/" + dash + "/cards",
                Map.of("cards", List.of(dashcard(keep, card, null, 7)))).expect(200).json();
        assertThat(after.get("cards").size()).isEqualTo(1);
        assertThat(after.get("cards").get(0).get("id").asLong()).isEqualTo(keep);
        assertThat(after.get("cards").get(0).get("row").asInt()).isEqualTo(7);
        assertThat(app.api.as(app.admin).put("/api/dashboard/" + dash + "/cards", Map.of("cards", List.of())).expect(200)
                .json().get("cards").size()).isZero();
    }

    @Test
    void tabs_are_created_and_cards_may_name_a_new_tab_by_its_negative_id() {
        long card = content.card("Cards tabbed", null);
        long dash = content.dashboard("Cards tabbed board", null);
        JsonNode saved = app.api.as(app.admin).put("/api/dashboard/" + dash + "/cards", Map.of(
                "tabs", List.of(Map.of("id", -1, "name", "Overview"), Map.of("id", -2, "name", "Details")),
                "cards", List.of(dashcard(-1, card, -2L, 0)))).expect(200).json();
        assertThat(saved.get("tabs").size()).isEqualTo(2);
        assertThat(saved.get("cards").get(0).get("dashboard_tab_id").asLong()).isEqualTo(saved.get("tabs").get(1).get("id").asLong());
        // without tabs the tabs stay as they are, and every card still needs one
        app.api.as(app.admin).put("/api/dashboard/" + dash + "/cards", Map.of("cards", List.of(dashcard(-1, card, null, 0)))).expect(400);
        assertThat(app.api.as(app.admin).get("/api/dashboard/" + dash).expect(200).json().get("tabs").size()).isEqualTo(2);
    }

    @Test
    void it_is_audited_as_a_dashboard_update() {
        long card = content.card("Cards audited", null);
        long dash = content.dashboard("Cards audited board", null);
        app.api.as(app.admin).put("/api/dashboard/" + dash + "/cards", Map.of("cards", List.of(dashcard(-1, card, null, 0)))).expect(200);
        JsonNode events = app.api.as(app.admin).get("/api/audit-log?model=Dashboard&model_id=" + dash + "&topic=dashboard-update").expect(200).json();
        assertThat(events.get("total").asInt()).isEqualTo(1);
        assertThat(events.get("data").get(0).get("user_id").asLong()).isEqualTo(app.adminId);
    }

    @Test
    void bad_bodies_are_400_and_change_nothing() {
        long card = content.card("Cards bad", null);
        long dash = content.dashboard("Cards bad board", null);
        String path = "/api/dashboard/" + dash + "/cards";
        JsonNode missing = app.api.as(app.admin).put(path, Map.of("tabs", List.of())).expect(400).json();
        assertThat(missing.get("errors").get("cards").asText()).isEqualTo("value must be seq of maps in which ids are unique");
        JsonNode dupes = app.api.as(app.admin).put(path, Map.of("cards", List.of(dashcard(-1, card, null, 0), dashcard(-1, card, null, 1)))).expect(400).json();
        assertThat(dupes.get("errors").get("cards").asText()).isEqualTo("value must be seq of maps in which ids are unique");
        app.api.as(app.admin).put(path, Map.of("cards", "nope")).expect(400);
        app.api.as(app.admin).put(path, Map.of("cards", List.of(dashcard(-1, 99999999L, null, 0)))).expect(404);
        assertThat(app.api.as(app.admin).get("/api/dashboard/" + dash).expect(200).json().get("dashcards").size()).isZero();
    }

    @Test
    void the_rights_are_those_of_the_dashboard_update() {
        long readOnly = content.collection("Cards read only", null);
        long secret = content.collection("Cards secret", null);
        long hiddenCard = content.card("Cards hidden", secret);
        long card = content.card("Cards open", null);
        long dash = content.dashboard("Cards read-only board", readOnly);
        content.grant(ALL_USERS, readOnly, "read");
        content.grant(ALL_USERS, secret, "none");
        String path = "/api/dashboard/" + dash + "/cards";
        Map<String, Object> body = Map.of("cards", List.of(dashcard(-1, card, null, 0)));
        app.api.as(ANONYMOUS).put(path, body).expect(401);
        app.api.as(app.member).put(path, body).expect(403);
        app.api.as(app.admin).put("/api/dashboard/99999999/cards", body).expect(404);
        long writable = content.collection("Cards writable", null);
        content.grant(ALL_USERS, writable, "write");
        long own = content.dashboard("Cards member board", writable);
        app.api.as(app.member).put("/api/dashboard/" + own + "/cards", body).expect(200);
        app.api.as(app.member).put("/api/dashboard/" + own + "/cards", Map.of("cards", List.of(dashcard(-1, hiddenCard, null, 0)))).expect(403);
    }

    @Test
    void an_archived_dashboard_cannot_be_laid_out() {
        long card = content.card("Cards on archived", null);
        long dash = content.dashboard("Cards archived board", null);
        app.api.as(app.admin).put("/api/dashboard/" + dash, Map.of("archived", true)).expect(200);
        app.api.as(app.admin).put("/api/dashboard/" + dash + "/cards", Map.of("cards", List.of(dashcard(-1, card, null, 0)))).expect(400);
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
