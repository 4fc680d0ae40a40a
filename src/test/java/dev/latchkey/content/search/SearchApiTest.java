package dev.latchkey.content.search;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.content.Content;
import dev.latchkey.content.ContentApiTestBase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.latchkey.content.Content.ALL_USERS;
import static dev.latchkey.content.Content.ids;
import static dev.latchkey.content.Content.names;
import static dev.latchkey.support.TestApp.ANONYMOUS;
import static org.assertj.core.api.Assertions.assertThat;

class SearchApiTest extends ContentApiTestBase {
    @Nested
    class Items {
        @Test
        void items_list_cards_dashboards_and_child_collections_with_paging() {
            long coll = content.collection("Items home", null);
            long child = content.collection("Zeta child", coll);
            long grandchild = content.collection("Grandchild", child);
            long card = content.card("Alpha card", coll);
            long dash = content.dashboard("Beta dashboard", coll);
            JsonNode page = app.api.as(app.admin).get("/api/collection/" + coll + "/items").expect(200).json();
            assertThat(page.get("total").asInt()).isEqualTo(3);
            assertThat(names(page.get("data"))).containsExactly("Alpha card", "Beta dashboard", "Zeta child");
            assertThat(keys(page.get("data"))).doesNotContain("collection:" + grandchild);
            assertThat(page.get("models").toString()).isEqualTo("[\"card\",\"collection\",\"dashboard\",\"dataset\",\"pulse\",\"timeline\"]");
            assertThat(page.get("data").get(0).get("model").asText()).isEqualTo("card");
            assertThat(page.get("data").get(0).get("entity_id").asText()).hasSize(21);
            JsonNode limited = app.api.as(app.admin).get("/api/collection/" + coll + "/items?limit=1&offset=1").expect(200).json();
            assertThat(limited.get("total").asInt()).isEqualTo(3);
            assertThat(ids(limited.get("data"))).containsExactly(dash);
            assertThat(limited.get("limit").asInt()).isEqualTo(1);
            JsonNode onlyCards = app.api.as(app.admin).get("/api/collection/" + coll + "/items?models=card&models=dashboard").expect(200).json();
            assertThat(ids(onlyCards.get("data"))).containsExactly(card, dash);
            assertThat(onlyCards.get("models").toString()).isEqualTo("[\"card\",\"dashboard\"]");
            JsonNode byModel = app.api.as(app.admin).get("/api/collection/" + coll + "/items?sort_column=model&sort_direction=desc").expect(200).json();
            assertThat(ids(byModel.get("data"))).containsExactly(child, card, dash);
        }

        @Test
        void a_child_of_an_unreadable_collection_shows_up_where_the_caller_can_see_it() {
            long top = content.collection("Items top", null);
            long hidden = content.collection("Items hidden", top);
            long visible = content.collection("Items visible", hidden);
            content.grant(ALL_USERS, hidden, "none");
            assertThat(keys(app.api.as(app.member).get("/api/collection/" + top + "/items").expect(200).json().get("data")))
                    .containsExactly("collection:" + visible);
            assertThat(keys(app.api.as(app.admin).get("/api/collection/" + top + "/items").expect(200).json().get("data")))
                    .containsExactly("collection:" + hidden);
        }

        @Test
        void root_items_show_the_callers_own_personal_collection_only() {
            long mine = app.api.as(app.member).get("/api/user/current").expect(200).json().get("personal_collection_id").asLong();
            long admins = app.api.as(app.admin).get("/api/user/current").expect(200).json().get("personal_collection_id").asLong();
            assertThat(keys(app.api.as(app.member).get("/api/collection/root/items").expect(200).json().get("data")))
                    .contains("collection:" + mine).doesNotContain("collection:" + admins);
            assertThat(keys(app.api.as(app.admin).get("/api/collection/root/items").expect(200).json().get("data")))
                    .contains("collection:" + admins).doesNotContain("collection:" + mine);
        }

        @Test
        void an_admin_lists_the_items_of_another_persons_personal_collection_and_of_collections_inside_it() {
            long theirs = app.api.as(app.member).get("/api/user/current").expect(200).json().get("personal_collection_id").asLong();
            long admins = app.api.as(app.admin).get("/api/user/current").expect(200).json().get("personal_collection_id").asLong();
            long inside = app.api.as(app.member).post("/api/collection", Map.of("name", "Inside personal", "parent_id", theirs))
                    .expect(200).json().get("id").asLong();
            long deeper = app.api.as(app.member).post("/api/collection", Map.of("name", "Deeper personal", "parent_id", inside))
                    .expect(200).json().get("id").asLong();
            assertThat(keys(app.api.as(app.admin).get("/api/collection/" + theirs + "/items").expect(200).json().get("data")))
                    .contains("collection:" + inside).doesNotContain("collection:" + deeper);
            assertThat(keys(app.api.as(app.admin).get("/api/collection/" + inside + "/items").expect(200).json().get("data")))
                    .containsExactly("collection:" + deeper);
            app.api.as(app.member).get("/api/collection/" + admins + "/items").expect(403);
        }

        @Test
        void bad_parameters_are_400_unknown_collection_404_no_read_403_no_credentials_401() {
            long closed = content.collection("Items closed", null);
            content.grant(ALL_USERS, closed, "none");
            app.api.as(app.admin).get("/api/collection/" + closed + "/items?models=table").expect(400);
            app.api.as(app.admin).get("/api/collection/" + closed + "/items?sort_column=size").expect(400);
            app.api.as(app.admin).get("/api/collection/" + closed + "/items?limit=-1").expect(400);
            app.api.as(app.admin).get("/api/collection/987654/items").expect(404);
            app.api.as(app.member).get("/api/collection/" + closed + "/items").expect(403);
            app.api.as(ANONYMOUS).get("/api/collection/" + closed + "/items").expect(401);
        }
    }

    @Nested
    class Search {
        @Test
        void finds_collections_cards_and_dashboards_by_name_best_match_first() {
            long coll = content.collection("Pelican reports", null);
            long exact = content.card("Pelican", coll);
            long prefix = content.dashboard("Pelican overview", coll);
            long words = content.card("Brown pelican counts", null);
            content.card("Unrelated", coll);
            JsonNode r = app.api.as(app.admin).get("/api/search?q=pelican").expect(200).json();
            assertThat(keys(r.get("data"))).containsExactly("card:" + exact, "dashboard:" + prefix, "collection:" + coll, "card:" + words);
            assertThat(r.get("total").asInt()).isEqualTo(4);
            assertThat(r.get("available_models").toString()).isEqualTo("[\"card\",\"collection\",\"dashboard\"]");
            JsonNode first = r.get("data").get(0);
            assertThat(first.get("model").asText()).isEqualTo("card");
            assertThat(first.get("collection").get("id").asLong()).isEqualTo(coll);
            assertThat(first.get("dataset_query").get("type").asText()).isEqualTo("native");
            assertThat(first.get("creator_common_name").asText()).isEqualTo("Crowberto Corv");
        }

        @Test
        void models_and_paging_narrow_the_results() {
            content.card("Narrow one", null);
            long dash = content.dashboard("Narrow two", null);
            JsonNode r = app.api.as(app.admin).get("/api/search?q=narrow&models=dashboard").expect(200).json();
            assertThat(ids(r.get("data"))).containsExactly(dash);
            assertThat(r.get("models").toString()).isEqualTo("[\"dashboard\"]");
            JsonNode paged = app.api.as(app.admin).get("/api/search?q=narrow&limit=1").expect(200).json();
            assertThat(paged.get("total").asInt()).isEqualTo(2);
            assertThat(paged.get("data").size()).isEqualTo(1);
        }

        @Test
        void wildcards_in_the_query_are_taken_literally() {
            long pct = content.card("Growth 100% yoy", null);
            content.card("Growth 1000 yoy", null);
            assertThat(ids(app.api.as(app.admin).get("/api/search?q=100%25").expect(200).json().get("data"))).containsExactly(pct);
            assertThat(app.api.as(app.admin).get("/api/search?q=_").expect(200).json().get("total").asInt()).isZero();
        }

        @Test
        void hides_what_the_caller_cannot_read() {
            long closed = content.collection("Osprey closed", null);
            long hiddenCard = content.card("Osprey secret", closed);
            long openCard = content.card("Osprey open", null);
            content.grant(ALL_USERS, closed, "none");
            assertThat(keys(app.api.as(app.member).get("/api/search?q=osprey").expect(200).json().get("data")))
                    .containsExactly("card:" + openCard);
            assertThat(keys(app.api.as(app.admin).get("/api/search?q=osprey").expect(200).json().get("data")))
                    .containsExactlyInAnyOrder("card:" + hiddenCard, "card:" + openCard, "collection:" + closed);
        }

        @Test
        void bad_parameters_are_400_and_no_credentials_401() {
            app.api.as(app.admin).get("/api/search?q=x&models=spreadsheet").expect(400);
            app.api.as(app.admin).get("/api/search?q=x&archived=sometimes").expect(400);
            app.api.as(app.admin).get("/api/search?q=x&created_by=abc").expect(400);
            app.api.as(ANONYMOUS).get("/api/search?q=x").expect(401);
        }

        @Test
        void created_by_keeps_only_that_persons_items() {
            long theirs = app.api.as(app.member).post("/api/card", Content.cardBody("Heron by rasta", null)).expect(200).json().get("id").asLong();
            content.card("Heron by crowberto", null);
            List<Long> found = new ArrayList<>(ids(app.api.as(app.admin).get("/api/search?q=heron&created_by=" + app.memberId).expect(200).json().get("data")));
            assertThat(found).containsExactly(theirs);
        }
    }

    /** "model:id" for each item, since ids of different models overlap. */
    static List<String> keys(JsonNode data) {
        List<String> out = new ArrayList<>();
        data.forEach(n -> out.add(n.get("model").asText() + ":" + n.get("id").asLong()));
        return out;
    }
}
