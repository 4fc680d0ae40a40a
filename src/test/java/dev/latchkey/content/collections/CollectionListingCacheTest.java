package dev.latchkey.content.collections;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An administrator's GET /api/collection is kept between requests (CollectionListings): every change to a collection
 * shows on the very next request, the list agrees with the tree, and a member (whose list is not kept) sees theirs.
 */
class CollectionListingCacheTest {
    static TestApp app;
    Api admin;

    @BeforeAll static void start() { app = TestApp.start(); }

    @AfterAll static void stop() { app.close(); }

    @BeforeEach void warm() {
        admin = app.api.as(app.admin);
        admin.get("/api/collection").expect(200); // kept from here on
    }

    private JsonNode listed(String query, long id) {
        for (JsonNode c : admin.get("/api/collection" + query).expect(200).json()) {
            if (c.get("id").asText().equals(String.valueOf(id))) return c;
        }
        return null;
    }

    private long create(String name, Long parent) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        if (parent != null) body.put("parent_id", parent);
        return admin.post("/api/collection", body).expect(200).json().get("id").asLong();
    }

    /** id → location of every collection in the tree (children nested) and in the list: the two must agree. */
    private void assertListAgreesWithTree() {
        Map<Long, String> list = new TreeMap<>();
        for (JsonNode c : admin.get("/api/collection").expect(200).json()) {
            if (!c.get("id").asText().equals("root")) list.put(c.get("id").asLong(), c.get("location").asText() + " " + c.get("name").asText());
        }
        Map<Long, String> tree = new TreeMap<>();
        admin.get("/api/collection/tree").expect(200).json().forEach(n -> flatten(n, tree));
        assertThat(list).isEqualTo(tree);
    }

    private static void flatten(JsonNode node, Map<Long, String> out) {
        out.put(node.get("id").asLong(), node.get("location").asText() + " " + node.get("name").asText());
        node.get("children").forEach(child -> flatten(child, out));
    }

    @Test
    void a_created_collection_shows_on_the_next_request() {
        long id = create("Fresh " + UUID.randomUUID(), null);
        assertThat(listed("", id)).isNotNull();
        assertListAgreesWithTree();
    }

    @Test
    void a_renamed_collection_shows_its_new_name_on_the_next_request() {
        long id = create("Before rename", null);
        admin.get("/api/collection").expect(200);
        admin.put("/api/collection/" + id, Map.of("name", "After rename")).expect(200);
        assertThat(listed("", id).get("name").asText()).isEqualTo("After rename");
        assertListAgreesWithTree();
    }

    @Test
    void a_moved_collection_and_its_children_show_their_new_location_on_the_next_request() {
        long parent = create("New parent", null);
        long moved = create("Moved", null);
        long child = create("Child of moved", moved);
        admin.get("/api/collection").expect(200);
        admin.put("/api/collection/" + moved, Map.of("parent_id", parent)).expect(200);
        assertThat(listed("", moved).get("location").asText()).isEqualTo("/" + parent + "/");
        assertThat(listed("", child).get("location").asText()).isEqualTo("/" + parent + "/" + moved + "/");
        assertListAgreesWithTree();
    }

    @Test
    void an_archived_collection_leaves_the_list_and_joins_the_archived_one_on_the_next_request() {
        long id = create("To archive", null);
        admin.get("/api/collection?archived=true").expect(200);
        assertThat(listed("", id)).isNotNull();
        admin.put("/api/collection/" + id, Map.of("archived", true)).expect(200);
        assertThat(listed("", id)).isNull();
        assertThat(listed("?archived=true", id)).isNotNull();
        admin.put("/api/collection/" + id, Map.of("archived", false)).expect(200);
        assertThat(listed("", id)).isNotNull();
        assertThat(listed("?archived=true", id)).isNull();
        assertListAgreesWithTree();
    }

    @Test
    void a_new_persons_personal_collection_shows_on_the_next_request_and_follows_their_rename() {
        admin.get("/api/collection?personal-only=true").expect(200);
        long person = admin.post("/api/user", Map.of("email", "cached." + UUID.randomUUID() + "@example.com", "first_name", "Kept",
                "last_name", "Listing", "password", TestApp.PASSWORD)).expect(200).json().get("id").asLong();
        JsonNode personal = null;
        for (JsonNode c : admin.get("/api/collection?personal-only=true").expect(200).json()) {
            if (c.get("personal_owner_id").asLong() == person) personal = c;
        }
        assertThat(personal).isNotNull();
        assertThat(listed("", personal.get("id").asLong()).get("is_personal").asBoolean()).isTrue();
        admin.put("/api/user/" + person, Map.of("first_name", "Renamed")).expect(200);
        assertThat(listed("", personal.get("id").asLong()).get("name").asText()).isEqualTo("Renamed Listing's Personal Collection");
        assertListAgreesWithTree();
    }

    @Test
    void a_member_gets_their_own_listing_not_the_administrators() {
        JsonNode all = admin.get("/api/collection").expect(200).json();
        assertThat(all.findValues("personal_owner_id").stream().filter(o -> o.asLong() == app.adminId)).hasSize(1);
        JsonNode mine = app.api.as(app.member).get("/api/collection").expect(200).json();
        assertThat(mine.findValues("personal_owner_id").stream().filter(o -> !o.isNull()).map(JsonNode::asLong)).containsExactly(app.memberId);
    }
}
