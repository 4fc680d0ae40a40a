package dev.latchkey.content.search;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.content.Content;
import dev.latchkey.content.ContentApiTestBase;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An administrator's search with `q` reads other people's personal collections by a name query instead of all of them
 * (issue 17): what it finds inside other people's personal trees is the same as when every collection was read.
 */
class AdminSearchOfPersonalCollectionsTest extends ContentApiTestBase {
    static long personal;
    static long notes;
    static long card;
    static long percent;

    @BeforeAll static void seed() {
        Api admin = app.api.as(app.admin);
        long person = admin.post("/api/user", Map.of("email", "quokka@example.com", "first_name", "Quokka", "last_name", "Person",
                "password", TestApp.PASSWORD)).expect(200).json().get("id").asLong();
        for (JsonNode c : admin.get("/api/collection?personal-only=true").expect(200).json()) {
            if (c.get("personal_owner_id").asLong() == person) personal = c.get("id").asLong();
        }
        Api quokka = app.api.withSession(app.login("quokka@example.com", TestApp.PASSWORD));
        notes = quokka.post("/api/collection", Map.of("name", "Wombat notes", "parent_id", personal)).expect(200).json().get("id").asLong();
        long deeper = quokka.post("/api/collection", Map.of("name", "Deeper", "parent_id", notes)).expect(200).json().get("id").asLong();
        card = quokka.post("/api/card", Content.cardBody("Wombat count", deeper)).expect(200).json().get("id").asLong();
        percent = quokka.post("/api/collection", Map.of("name", "Grew 100% (q_1)", "parent_id", personal)).expect(200).json().get("id").asLong();
        content.collection("Grew 1000 times", null);
    }

    private static List<String> keys(JsonNode data) {
        List<String> out = new ArrayList<>();
        data.forEach(r -> out.add(r.get("model").asText() + ":" + r.get("id").asLong()));
        return out;
    }

    private static JsonNode search(Api as, String query) { return as.get("/api/search?" + query).expect(200).json(); }

    @Test
    void an_admin_finds_another_persons_personal_collection_by_name() {
        JsonNode r = search(app.api.as(app.admin), "q=quokka");
        assertThat(keys(r.get("data"))).containsExactly("collection:" + personal);
        assertThat(r.get("data").get(0).get("effective_location").asText()).isEqualTo("/");
        assertThat(r.get("data").get(0).get("can_write").asBoolean()).isTrue();
    }

    @Test
    void an_admin_finds_collections_and_cards_deep_inside_another_persons_tree_with_their_places() {
        JsonNode r = search(app.api.as(app.admin), "q=wombat");
        assertThat(keys(r.get("data"))).containsExactlyInAnyOrder("collection:" + notes, "card:" + card);
        for (JsonNode hit : r.get("data")) {
            if (hit.get("model").asText().equals("collection")) assertThat(hit.get("effective_location").asText()).isEqualTo("/" + personal + "/");
            else assertThat(hit.get("collection").get("name").asText()).isEqualTo("Deeper");
        }
        assertThat(keys(search(app.api.as(app.admin), "q=wombat&filter_items_in_personal_collection=only").get("data")))
                .containsExactlyInAnyOrder("collection:" + notes, "card:" + card);
        assertThat(search(app.api.as(app.admin), "q=wombat&filter_items_in_personal_collection=exclude").get("total").asInt()).isZero();
    }

    @Test
    void every_word_of_the_query_counts_in_any_order() {
        assertThat(keys(search(app.api.as(app.admin), "q=notes%20wombat").get("data"))).containsExactly("collection:" + notes);
        assertThat(keys(search(app.api.as(app.admin), "q=quokka%20collection%20personal").get("data"))).containsExactly("collection:" + personal);
        assertThat(search(app.api.as(app.admin), "q=quokka%20wombat").get("total").asInt()).isZero();
    }

    @Test
    void percent_and_underscore_in_the_query_match_only_themselves() {
        assertThat(keys(search(app.api.as(app.admin), "q=100%25").get("data"))).containsExactly("collection:" + percent);
        assertThat(keys(search(app.api.as(app.admin), "q=q_1").get("data"))).containsExactly("collection:" + percent);
    }

    @Test
    void without_a_query_an_admin_still_gets_every_personal_collection() {
        JsonNode r = search(app.api.as(app.admin), "models=collection");
        assertThat(keys(r.get("data"))).contains("collection:" + personal, "collection:" + notes, "collection:" + percent);
    }

    @Test
    void a_member_finds_nothing_in_another_persons_tree() {
        assertThat(search(app.api.as(app.member), "q=wombat").get("total").asInt()).isZero();
        assertThat(search(app.api.as(app.member), "q=quokka").get("total").asInt()).isZero();
    }
}
