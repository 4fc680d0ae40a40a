package dev.latchkey.content.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.content.ContentApiTestBase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.latchkey.content.Content.ALL_USERS;
import static dev.latchkey.content.Content.ids;
import static dev.latchkey.support.TestApp.ANONYMOUS;
import static org.assertj.core.api.Assertions.assertThat;

class DashboardApiTest extends ContentApiTestBase {
    static Map<String, Object> dashcard(long id, Long cardId, Long tabId, int row) {
        Map<String, Object> d = new HashMap<>();
        d.put("id", id);
        d.put("card_id", cardId);
        d.put("dashboard_tab_id", tabId);
        d.put("row", row);
        d.put("col", 0);
        d.put("size_x", 4);
        d.put("size_y", 3);
        d.put("parameter_mappings", List.of(Map.of("parameter_id", "p1", "card_id", cardId == null ? 0 : cardId,
                "target", List.of("dimension", java.util.Arrays.asList("field", 3, null)))));
        d.put("visualization_settings", Map.of("card.title", "Tile " + row));
        return d;
    }

    @Nested
    class CreateAndRead {
        @Test
        void a_new_dashboard_has_empty_dashcards_tabs_and_parameters() {
            long coll = content.collection("Dash home", null);
            JsonNode d = app.api.as(app.admin).post("/api/dashboard", Map.of("name", "Sales", "collection_id", coll,
                    "parameters", List.of(Map.of("id", "p1", "type", "category", "name", "Category")))).expect(200).json();
            assertThat(d.get("name").asText()).isEqualTo("Sales");
            assertThat(d.get("dashcards").size()).isZero();
            assertThat(d.get("tabs").size()).isZero();
            assertThat(d.get("parameters").get(0).get("name").asText()).isEqualTo("Category");
            assertThat(d.get("entity_id").asText()).matches("^[A-Za-z0-9_-]{21}$");
            assertThat(d.get("collection_id").asLong()).isEqualTo(coll);
            assertThat(d.get("creator_id").asLong()).isEqualTo(app.adminId);
            assertThat(d.get("last-edit-info").get("id").asLong()).isEqualTo(app.adminId);
        }

        @Test
        void post_without_a_name_is_the_metabase_400() {
            JsonNode body = app.api.as(app.admin).post("/api/dashboard", Map.of()).expect(400).json();
            assertThat(body.get("errors").get("name").asText()).isEqualTo("value must be a non-blank string.");
            assertThat(body.get("specific-errors").get("name").get(0).asText()).contains("received: nil");
        }

        @Test
        void access_follows_the_collection() {
            long coll = content.collection("Dash closed", null);
            long dash = content.dashboard("Hidden dash", coll);
            content.grant(ALL_USERS, coll, "none");
            app.api.as(app.member).get("/api/dashboard/" + dash).expect(403);
            app.api.as(app.member).post("/api/dashboard", Map.of("name", "x", "collection_id", coll)).expect(403);
            app.api.as(ANONYMOUS).get("/api/dashboard/" + dash).expect(401);
            app.api.as(app.admin).get("/api/dashboard/987654").expect(404);
            assertThat(ids(app.api.as(app.member).get("/api/dashboard").expect(200).json())).doesNotContain(dash);
            assertThat(ids(app.api.as(app.admin).get("/api/dashboard").expect(200).json())).contains(dash);
            app.api.as(app.admin).get("/api/dashboard?f=nope").expect(400);
        }
    }

    @Nested
    class Layout {
        @Test
        void negative_ids_create_dashcards_and_left_out_ones_are_deleted() {
            long card1 = content.card("Tile card 1", null);
            long card2 = content.card("Tile card 2", null);
            long dash = content.dashboard("Layout", null);
            JsonNode d = app.api.as(app.admin).put("/api/dashboard/" + dash,
                    Map.of("dashcards", List.of(dashcard(-1, card1, null, 0), dashcard(-2, card2, null, 1)))).expect(200).json();
            assertThat(d.get("dashcards").size()).isEqualTo(2);
            JsonNode first = d.get("dashcards").get(0);
            assertThat(first.get("id").asLong()).isPositive();
            assertThat(first.get("card").get("name").asText()).isEqualTo("Tile card 1");
            assertThat(first.get("visualization_settings").get("card.title").asText()).isEqualTo("Tile 0");
            assertThat(first.get("parameter_mappings").get(0).get("target").toString()).isEqualTo("[\"dimension\",[\"field\",3,null]]");
            assertThat(first.get("entity_id").asText()).matches("^[A-Za-z0-9_-]{21}$");
            long keep = first.get("id").asLong();
            Map<String, Object> moved = dashcard(keep, card1, null, 5);
            JsonNode after = app.api.as(app.admin).put("/api/dashboard/" + dash, Map.of("dashcards", List.of(moved))).expect(200).json();
            assertThat(after.get("dashcards").size()).isEqualTo(1);
            assertThat(after.get("dashcards").get(0).get("id").asLong()).isEqualTo(keep);
            assertThat(after.get("dashcards").get(0).get("row").asInt()).isEqualTo(5);
        }

        @Test
        void tabs_with_negative_ids_are_created_and_dashcards_can_point_at_them() {
            long card = content.card("Tabbed card", null);
            long dash = content.dashboard("Tabbed", null);
            JsonNode d = app.api.as(app.admin).put("/api/dashboard/" + dash, Map.of(
                    "tabs", List.of(Map.of("id", -1, "name", "Overview"), Map.of("id", -2, "name", "Details")),
                    "dashcards", List.of(dashcard(-1, card, -2L, 0)))).expect(200).json();
            assertThat(d.get("tabs").size()).isEqualTo(2);
            assertThat(d.get("tabs").get(0).get("name").asText()).isEqualTo("Overview");
            assertThat(d.get("tabs").get(1).get("position").asInt()).isEqualTo(1);
            long details = d.get("tabs").get(1).get("id").asLong();
            assertThat(d.get("dashcards").get(0).get("dashboard_tab_id").asLong()).isEqualTo(details);
            long overview = d.get("tabs").get(0).get("id").asLong();
            JsonNode after = app.api.as(app.admin).put("/api/dashboard/" + dash,
                    Map.of("tabs", List.of(Map.of("id", overview, "name", "Overview")))).expect(200).json();
            assertThat(after.get("tabs").size()).isEqualTo(1);
            assertThat(after.get("dashcards").size()).isZero();
        }

        @Test
        void with_tabs_every_dashcard_needs_a_tab() {
            long dash = content.dashboard("Tab rule", null);
            String body = app.api.as(app.admin).put("/api/dashboard/" + dash, Map.of(
                    "tabs", List.of(Map.of("id", -1, "name", "Only")), "dashcards", List.of(dashcard(-1, null, null, 0)))).expect(400).text();
            assertThat(body).isEqualTo("This dashboard has tab, makes sure every card has a tab");
            assertThat(app.api.as(app.admin).get("/api/dashboard/" + dash).expect(200).json().get("tabs").size()).isZero();
        }

        @Test
        void duplicate_dashcard_ids_are_a_400() {
            long dash = content.dashboard("Dupes", null);
            JsonNode body = app.api.as(app.admin).put("/api/dashboard/" + dash,
                    Map.of("dashcards", List.of(dashcard(-1, null, null, 0), dashcard(-1, null, null, 1)))).expect(400).json();
            assertThat(body.get("errors").get("dashcards").asText()).isEqualTo("value must be seq of maps in which ids are unique");
        }

        @Test
        void a_card_the_caller_cannot_read_cannot_be_added_and_shows_as_an_id_only() {
            long secret = content.collection("Dash secret cards", null);
            long hidden = content.card("Hidden tile", secret);
            long open = content.collection("Dash open", null);
            long dash = content.dashboard("Mixed", open);
            app.api.as(app.admin).put("/api/dashboard/" + dash, Map.of("dashcards", List.of(dashcard(-1, hidden, null, 0)))).expect(200);
            content.grant(ALL_USERS, secret, "none");
            content.grant(ALL_USERS, open, "write");
            JsonNode d = app.api.as(app.member).get("/api/dashboard/" + dash).expect(200).json();
            assertThat(d.get("dashcards").get(0).get("card").toString()).isEqualTo("{\"id\":" + hidden + "}");
            long other = content.dashboard("Member board", open);
            app.api.as(app.member).put("/api/dashboard/" + other, Map.of("dashcards", List.of(dashcard(-1, hidden, null, 0)))).expect(403);
            assertThat(app.api.as(app.admin).get("/api/dashboard/" + other).expect(200).json().get("dashcards").size()).isZero();
        }
    }

    @Nested
    class UpdateArchiveDelete {
        @Test
        void archive_and_unarchive_through_put() {
            long dash = content.dashboard("Archived board", null);
            assertThat(app.api.as(app.admin).put("/api/dashboard/" + dash, Map.of("archived", true)).expect(200).json()
                    .get("archived").asBoolean()).isTrue();
            assertThat(ids(app.api.as(app.admin).get("/api/dashboard").expect(200).json())).doesNotContain(dash);
            assertThat(ids(app.api.as(app.admin).get("/api/dashboard?f=archived").expect(200).json())).contains(dash);
            app.api.as(app.admin).put("/api/dashboard/" + dash, Map.of("archived", false)).expect(200);
            assertThat(ids(app.api.as(app.admin).get("/api/dashboard").expect(200).json())).contains(dash);
        }

        @Test
        void rename_and_errors() {
            long coll = content.collection("Dash ro", null);
            long dash = content.dashboard("Before", coll);
            assertThat(app.api.as(app.admin).put("/api/dashboard/" + dash, Map.of("name", "After", "width", "full")).expect(200).json()
                    .get("width").asText()).isEqualTo("full");
            app.api.as(app.admin).put("/api/dashboard/" + dash, Map.of("width", "huge")).expect(400);
            content.grant(ALL_USERS, coll, "read");
            app.api.as(app.member).put("/api/dashboard/" + dash, Map.of("name", "Mine")).expect(403);
            app.api.as(app.admin).put("/api/dashboard/987654", Map.of("name", "x")).expect(404);
            app.api.as(ANONYMOUS).put("/api/dashboard/" + dash, Map.of("name", "x")).expect(401);
        }

        @Test
        void delete_is_204_and_removes_tabs_and_dashcards() {
            long card = content.card("Delete tile", null);
            long dash = content.dashboard("Deleted board", null);
            app.api.as(app.admin).put("/api/dashboard/" + dash, Map.of("tabs", List.of(Map.of("id", -1, "name", "T")),
                    "dashcards", List.of(dashcard(-1, card, -1L, 0)))).expect(200);
            app.api.as(app.member).delete("/api/dashboard/" + dash).expect(204);
            app.api.as(app.admin).get("/api/dashboard/" + dash).expect(404);
            app.api.as(app.admin).get("/api/card/" + card).expect(200);
            app.api.as(app.admin).delete("/api/dashboard/" + dash).expect(404);
        }
    }

    @Nested
    class Copy {
        @Test
        void a_shallow_copy_has_new_tabs_and_dashcards_on_the_same_cards() {
            long card = content.card("Shared tile", null);
            long dash = content.dashboard("Source board", null);
            app.api.as(app.admin).put("/api/dashboard/" + dash, Map.of("parameters", List.of(Map.of("id", "p", "type", "text")),
                    "tabs", List.of(Map.of("id", -1, "name", "One")), "dashcards", List.of(dashcard(-1, card, -1L, 0)))).expect(200);
            long target = content.collection("Copy target", null);
            JsonNode copy = app.api.as(app.admin).post("/api/dashboard/" + dash + "/copy",
                    Map.of("name", "Copied board", "collection_id", target)).expect(200).json();
            assertThat(copy.get("id").asLong()).isNotEqualTo(dash);
            assertThat(copy.get("name").asText()).isEqualTo("Copied board");
            assertThat(copy.get("collection_id").asLong()).isEqualTo(target);
            assertThat(copy.get("parameters").get(0).get("id").asText()).isEqualTo("p");
            assertThat(copy.get("tabs").get(0).get("name").asText()).isEqualTo("One");
            assertThat(copy.get("dashcards").get(0).get("card_id").asLong()).isEqualTo(card);
            assertThat(copy.get("dashcards").get(0).get("dashboard_tab_id").asLong()).isEqualTo(copy.get("tabs").get(0).get("id").asLong());
        }

        @Test
        void a_deep_copy_duplicates_the_questions() {
            long coll = content.collection("Deep", null);
            long card = content.card("Deep tile", coll);
            long dash = content.dashboard("Deep board", coll);
            app.api.as(app.admin).put("/api/dashboard/" + dash, Map.of("dashcards", List.of(dashcard(-1, card, null, 0)))).expect(200);
            JsonNode copy = app.api.as(app.admin).post("/api/dashboard/" + dash + "/copy",
                    Map.of("collection_id", coll, "is_deep_copy", true)).expect(200).json();
            long newCard = copy.get("dashcards").get(0).get("card_id").asLong();
            assertThat(newCard).isNotEqualTo(card);
            assertThat(copy.get("dashcards").get(0).get("card").get("name").asText()).isEqualTo("Deep tile - Duplicate");
            assertThat(copy.get("name").asText()).isEqualTo("Deep board");
        }

        @Test
        void copy_needs_read_on_the_source_and_write_on_the_target() {
            long closed = content.collection("Copy closed", null);
            long dash = content.dashboard("Copy me", closed);
            content.grant(ALL_USERS, closed, "none");
            app.api.as(app.member).post("/api/dashboard/" + dash + "/copy", Map.of()).expect(403);
            app.api.as(app.admin).post("/api/dashboard/987654/copy", Map.of()).expect(404);
            app.api.as(ANONYMOUS).post("/api/dashboard/" + dash + "/copy", Map.of()).expect(401);
            app.api.as(app.admin).post("/api/dashboard/" + dash + "/copy", Map.of("collection_id", "x")).expect(400);
        }
    }
}
