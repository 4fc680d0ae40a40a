package dev.latchkey.content.cards;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.content.ContentApiTestBase;
import dev.latchkey.core.Json;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.latchkey.content.Content.ALL_USERS;
import static dev.latchkey.content.Content.cardBody;
import static dev.latchkey.content.Content.ids;
import static dev.latchkey.support.TestApp.ANONYMOUS;
import static org.assertj.core.api.Assertions.assertThat;

class CardApiTest extends ContentApiTestBase {
    @Nested
    class Create {
        @Test
        void the_stored_json_comes_back_exactly_as_sent() {
            long coll = content.collection("Card home", null);
            String query = "{\"database\":1,\"type\":\"query\",\"query\":{\"source-table\":5,\"aggregation\":[[\"count\"]],\"breakout\":[[\"field\",12,{\"temporal-unit\":\"month\"}]]}}";
            String viz = "{\"graph.dimensions\":[\"month\"],\"graph.metrics\":[\"count\"],\"table.pivot\":false}";
            String body = "{\"name\":\"Orders per month\",\"display\":\"line\",\"collection_id\":" + coll
                    + ",\"dataset_query\":" + query + ",\"visualization_settings\":" + viz
                    + ",\"parameters\":[{\"id\":\"p1\",\"type\":\"category\",\"name\":\"Cat\"}]}";
            JsonNode card = app.api.as(app.admin).post("/api/card", body).expect(200).json();
            assertThat(card.get("dataset_query")).isEqualTo(Json.read(query));
            assertThat(card.get("visualization_settings").toString()).isEqualTo(viz);
            assertThat(card.get("display").asText()).isEqualTo("line");
            assertThat(card.get("query_type").asText()).isEqualTo("query");
            assertThat(card.get("database_id").asLong()).isEqualTo(1);
            assertThat(card.get("table_id").asLong()).isEqualTo(5);
            assertThat(card.get("entity_id").asText()).matches("^[A-Za-z0-9_-]{21}$");
            assertThat(card.get("collection_id").asLong()).isEqualTo(coll);
            assertThat(card.get("collection").get("id").asLong()).isEqualTo(coll);
            assertThat(card.get("creator_id").asLong()).isEqualTo(app.adminId);
            assertThat(card.get("creator").get("email").asText()).isEqualTo(TestApp.ADMIN_EMAIL);
            assertThat(card.get("last-edit-info").get("email").asText()).isEqualTo(TestApp.ADMIN_EMAIL);
            assertThat(card.get("archived").asBoolean()).isFalse();
            assertThat(card.get("type").asText()).isEqualTo("question");
            assertThat(card.get("parameters").get(0).get("name").asText()).isEqualTo("Cat");
            JsonNode again = app.api.as(app.admin).get("/api/card/" + card.get("id").asLong()).expect(200).json();
            assertThat(again.get("visualization_settings").toString()).isEqualTo(viz);
            assertThat(again.get("dataset_query")).isEqualTo(Json.read(query));
        }

        @Test
        void only_the_first_invalid_parameter_is_reported() {
            Map<String, Object> body = new HashMap<>(cardBody("x", null));
            body.put("visualization_settings", "ABC");
            body.remove("name");
            JsonNode errors = app.api.as(app.admin).post("/api/card", body).expect(400).json().get("errors");
            assertThat(errors.get("visualization_settings").asText()).isEqualTo("Value must be a map.");
            assertThat(errors.size()).isEqualTo(1);
        }

        @Test
        void a_missing_name_display_or_query_is_a_400() {
            for (String field : List.of("name", "display", "dataset_query")) {
                Map<String, Object> body = new HashMap<>(cardBody("x", null));
                body.remove(field);
                assertThat(app.api.as(app.admin).post("/api/card", body).expect(400).json().get("errors").has(field)).isTrue();
            }
        }

        @Test
        void a_member_needs_write_on_the_collection_and_a_stranger_is_401() {
            long coll = content.collection("Read-only cards", null);
            content.grant(ALL_USERS, coll, "read");
            app.api.as(app.member).post("/api/card", cardBody("Nope", coll)).expect(403);
            app.api.as(ANONYMOUS).post("/api/card", cardBody("Nope", coll)).expect(401);
            app.api.as(app.admin).post("/api/card", cardBody("Nope", 99999L)).expect(404);
            content.grant(ALL_USERS, coll, "write");
            app.api.as(app.member).post("/api/card", cardBody("Yes", coll)).expect(200);
        }
    }

    @Nested
    class ReadAndList {
        @Test
        void a_card_in_a_collection_without_read_is_a_403_and_left_out_of_lists() {
            long closed = content.collection("Closed cards", null);
            long card = content.card("Secret question", closed);
            long open = content.card("Open question", null);
            content.grant(ALL_USERS, closed, "none");
            app.api.as(app.member).get("/api/card/" + card).expect(403);
            assertThat(ids(app.api.as(app.member).get("/api/card").expect(200).json())).contains(open).doesNotContain(card);
            assertThat(ids(app.api.as(app.admin).get("/api/card").expect(200).json())).contains(open, card);
        }

        @Test
        void cards_and_dashboards_in_a_personal_tree_are_listed_for_their_owner_and_admins_as_personal_only() {
            long theirs = app.api.as(app.member).get("/api/user/current").expect(200).json().get("personal_collection_id").asLong();
            long inside = app.api.as(app.member).post("/api/collection", Map.of("name", "Cards inside personal", "parent_id", theirs))
                    .expect(200).json().get("id").asLong();
            long card = app.api.as(app.member).post("/api/card", cardBody("Personal question", inside)).expect(200).json().get("id").asLong();
            long dash = app.api.as(app.member).post("/api/dashboard", Map.of("name", "Personal dashboard", "collection_id", inside))
                    .expect(200).json().get("id").asLong();
            for (var caller : List.of(app.member, app.admin)) {
                JsonNode cards = app.api.as(caller).get("/api/card").expect(200).json();
                JsonNode listed = null;
                for (JsonNode c : cards) if (c.get("id").asLong() == card) listed = c;
                assertThat(listed).as("the card is listed").isNotNull();
                assertThat(listed.get("collection").get("id").asLong()).isEqualTo(inside);
                assertThat(listed.get("collection").get("is_personal").asBoolean()).isTrue();
                JsonNode dashboards = app.api.as(caller).get("/api/dashboard").expect(200).json();
                JsonNode shown = null;
                for (JsonNode d : dashboards) if (d.get("id").asLong() == dash) shown = d;
                assertThat(shown).as("the dashboard is listed").isNotNull();
            }
            app.api.as(app.admin).get("/api/dashboard/" + dash).expect(200);
        }

        @Test
        void unknown_ids_are_404_and_bad_ids_400() {
            app.api.as(app.admin).get("/api/card/987654").expect(404);
            app.api.as(app.admin).get("/api/card/abc").expect(400);
            app.api.as(ANONYMOUS).get("/api/card/1").expect(401);
        }

        @Test
        void the_mine_filter_shows_the_callers_cards_and_bad_filters_are_400() {
            long mine = app.api.as(app.member).post("/api/card", cardBody("Rasta's own", null)).expect(200).json().get("id").asLong();
            long theirs = content.card("Crowberto's own", null);
            assertThat(ids(app.api.as(app.member).get("/api/card?f=mine").expect(200).json())).contains(mine).doesNotContain(theirs);
            app.api.as(app.member).get("/api/card?f=everything").expect(400);
            app.api.as(app.member).get("/api/card?f=database").expect(400);
        }
    }

    @Nested
    class Update {
        @Test
        void archive_then_unarchive_through_put() {
            long card = content.card("Archivable", null);
            JsonNode archived = app.api.as(app.admin).put("/api/card/" + card, Map.of("archived", true)).expect(200).json();
            assertThat(archived.get("archived").asBoolean()).isTrue();
            assertThat(ids(app.api.as(app.admin).get("/api/card").expect(200).json())).doesNotContain(card);
            assertThat(ids(app.api.as(app.admin).get("/api/card?f=archived").expect(200).json())).contains(card);
            app.api.as(app.admin).put("/api/card/" + card, Map.of("archived", false)).expect(200);
            assertThat(ids(app.api.as(app.admin).get("/api/card").expect(200).json())).contains(card);
        }

        @Test
        void a_partial_update_keeps_the_other_fields_and_null_collection_moves_to_root() {
            long coll = content.collection("Partial", null);
            long card = content.card("Partial card", coll);
            Map<String, Object> body = new HashMap<>();
            body.put("description", "Now described");
            body.put("collection_id", null);
            JsonNode after = app.api.as(app.admin).put("/api/card/" + card, body).expect(200).json();
            assertThat(after.get("description").asText()).isEqualTo("Now described");
            assertThat(after.get("collection_id").isNull()).isTrue();
            assertThat(after.get("name").asText()).isEqualTo("Partial card");
            assertThat(after.get("display").asText()).isEqualTo("table");
        }

        @Test
        void moving_needs_write_on_both_collections_and_nothing_moves_otherwise() {
            long from = content.collection("Card from", null);
            long to = content.collection("Card to", null);
            long card = content.card("Moving card", from);
            content.grant(ALL_USERS, from, "write");
            content.grant(ALL_USERS, to, "read");
            app.api.as(app.member).put("/api/card/" + card, Map.of("collection_id", to)).expect(403);
            assertThat(app.api.as(app.admin).get("/api/card/" + card).expect(200).json().get("collection_id").asLong()).isEqualTo(from);
            content.grant(ALL_USERS, to, "write");
            app.api.as(app.member).put("/api/card/" + card, Map.of("collection_id", to)).expect(200);
        }

        @Test
        void read_only_is_a_403_unknown_is_404_bad_body_is_400() {
            long coll = content.collection("Card read only", null);
            long card = content.card("Untouchable", coll);
            content.grant(ALL_USERS, coll, "read");
            app.api.as(app.member).put("/api/card/" + card, Map.of("name", "Mine")).expect(403);
            app.api.as(app.admin).put("/api/card/987654", Map.of("name", "x")).expect(404);
            app.api.as(app.admin).put("/api/card/" + card, Map.of("dataset_query", "SELECT")).expect(400);
            app.api.as(ANONYMOUS).put("/api/card/" + card, Map.of("name", "x")).expect(401);
        }
    }

    @Nested
    class DeleteAndCopy {
        @Test
        void delete_is_204_then_404_and_needs_write() {
            long coll = content.collection("Card delete", null);
            long card = content.card("Doomed", coll);
            content.grant(ALL_USERS, coll, "read");
            app.api.as(app.member).delete("/api/card/" + card).expect(403);
            app.api.as(ANONYMOUS).delete("/api/card/" + card).expect(401);
            app.api.as(app.admin).delete("/api/card/" + card).expect(204);
            app.api.as(app.admin).get("/api/card/" + card).expect(404);
            app.api.as(app.admin).delete("/api/card/" + card).expect(404);
        }

        @Test
        void copy_of_an_unknown_card_is_404() {
            app.api.as(app.admin).post("/api/card/987654/copy", null).expect(404);
            app.api.as(app.admin).post("/api/card/abc/copy", null).expect(400);
        }

        @Test
        void bulk_move_moves_every_card_or_none() {
            long from = content.collection("Bulk from", null);
            long to = content.collection("Bulk to", null);
            long one = content.card("Bulk one", from), two = content.card("Bulk two", from);
            assertThat(app.api.as(app.admin).post("/api/card/collections", Map.of("card_ids", List.of(one, two), "collection_id", to))
                    .expect(200).json().get("status").asText()).isEqualTo("ok");
            assertThat(app.api.as(app.admin).get("/api/card/" + two).expect(200).json().get("collection_id").asLong()).isEqualTo(to);
            app.api.as(app.admin).post("/api/card/collections", Map.of("card_ids", List.of(one, 987654), "collection_id", from)).expect(404);
            assertThat(app.api.as(app.admin).get("/api/card/" + one).expect(200).json().get("collection_id").asLong()).isEqualTo(to);
            app.api.as(app.admin).post("/api/card/collections", Map.of("collection_id", from)).expect(400);
            app.api.as(app.admin).post("/api/card/collections", Map.of("card_ids", List.of(one), "collection_id", 987654)).expect(404);
            app.api.as(ANONYMOUS).post("/api/card/collections", Map.of("card_ids", List.of(one))).expect(401);
        }

        @Test
        void list_paths_accept_a_trailing_slash() {
            app.api.as(app.member).get("/api/card/").expect(200);
            app.api.as(app.member).get("/api/collection/").expect(200);
            app.api.as(app.member).get("/api/dashboard/").expect(200);
            app.api.as(app.member).get("/api/search/?q=x").expect(200);
            app.api.as(app.member).get("/api/collection/tree?shallow=maybe").expect(400);
        }

        @Test
        void copy_makes_copy_of_name_in_the_same_collection() {
            long coll = content.collection("Card copy", null);
            long card = content.card("Original", coll);
            JsonNode copy = app.api.as(app.admin).post("/api/card/" + card + "/copy", null).expect(200).json();
            assertThat(copy.get("name").asText()).isEqualTo("Copy of Original");
            assertThat(copy.get("collection_id").asLong()).isEqualTo(coll);
            assertThat(copy.get("id").asLong()).isNotEqualTo(card);
            assertThat(copy.get("entity_id").asText()).isNotEqualTo(app.api.as(app.admin).get("/api/card/" + card).json().get("entity_id").asText());
        }
    }
}
