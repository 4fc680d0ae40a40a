package dev.latchkey.apikeys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.content.Content;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /api/api-key/:id/permissions equals what requests actually get: for every collection (and the root), the view's
 * read and write lists are checked against a GET and a PUT made with the key itself.
 */
class KeyPermissionsApiTest {
    static TestApp app;
    static long group;
    static final List<Long> collections = new ArrayList<>();

    @BeforeAll static void start() {
        app = TestApp.start();
        group = admin().post("/api/permissions/group", Map.of("name", "Analysts")).expect(200).json().get("id").asLong();
        for (int i = 0; i < 4; i++) {
            collections.add(admin().post("/api/collection", Map.of("name", "C" + i, "color", "#509EE3")).expect(200).json().get("id").asLong());
        }
        long revision = admin().get("/api/collection/graph").expect(200).json().get("revision").asLong();
        Map<String, Object> allUsers = new HashMap<>();
        Map<String, Object> analysts = new HashMap<>();
        allUsers.put("root", "none");
        analysts.put("root", "read");
        for (long c : collections) allUsers.put(Long.toString(c), "none");
        analysts.put(Long.toString(collections.get(0)), "read");
        analysts.put(Long.toString(collections.get(1)), "write");
        allUsers.put(Long.toString(collections.get(2)), "read");
        admin().put("/api/collection/graph", Map.of("revision", revision, "groups", Map.of("1", allUsers, Long.toString(group), analysts))).expect(200);
    }

    @AfterAll static void stop() { app.close(); }

    static Api admin() { return app.api.as(app.admin); }

    static JsonNode create(long groupId, Map<String, Object> restrictions) {
        return admin().post("/api/api-key", Map.of("name", "key " + UUID.randomUUID(), "group_id", groupId,
                "restrictions", restrictions)).expect(200).json();
    }

    static Set<String> ids(JsonNode list) {
        Set<String> out = new HashSet<>();
        list.forEach(n -> out.add(n.asText()));
        return out;
    }

    /**
     * The view's lists, and the same lists as the key's own requests find them: reading a collection's items (a 403
     * when it may not) and saving a question into it (a 403 when it may not write there), for every collection the
     * admin can see. The root collection's items are listed for anyone (filtered), so root is probed for writing only.
     */
    static void viewMatchesRequests(JsonNode created) {
        JsonNode view = admin().get("/api/api-key/" + created.get("id").asLong() + "/permissions").expect(200).json();
        Api key = app.api.withKey(created.get("unmasked_key").asText());
        Set<String> read = new HashSet<>();
        Set<String> write = new HashSet<>();
        List<String> everything = new ArrayList<>(List.of("root"));
        admin().get("/api/collection").expect(200).json().forEach(c -> {
            if (c.get("id").isNumber()) everything.add(c.get("id").asText());
        });
        for (String c : everything) {
            if (!c.equals("root") && status(key.get("/api/collection/" + c + "/items").status()) == 200) read.add(c);
            if (status(key.post("/api/card", Content.cardBody("probe " + UUID.randomUUID(), c.equals("root") ? null : Long.parseLong(c))).status()) == 200) {
                write.add(c);
            }
        }
        Set<String> viewRead = ids(view.get("collections").get("read"));
        viewRead.remove("root");
        assertThat(viewRead).as("read").isEqualTo(read);
        assertThat(ids(view.get("collections").get("write"))).as("write").isEqualTo(write);
    }

    /** Only an allow or a 403 tells anything; anything else is a broken probe. */
    static int status(int status) {
        assertThat(status).isIn(200, 403);
        return status;
    }

    @Test void a_group_key_sees_exactly_what_its_requests_get() {
        JsonNode created = create(group, Map.of());
        JsonNode view = admin().get("/api/api-key/" + created.get("id").asLong() + "/permissions").expect(200).json();
        assertThat(view.get("groups").findValues("name").stream().map(JsonNode::asText).toList()).containsExactlyInAnyOrder("All Users", "Analysts");
        assertThat(view.get("is_superuser").asBoolean()).isFalse();
        assertThat(ids(view.get("allowed_methods"))).containsExactlyInAnyOrder("GET", "HEAD", "POST", "PUT", "DELETE");
        viewMatchesRequests(created);
        assertThat(ids(view.get("collections").get("write"))).containsExactly(Long.toString(collections.get(1)));
    }

    @Test void a_read_only_key_writes_nowhere_in_the_view_and_in_fact() {
        JsonNode created = create(group, Map.of("read_only", true));
        JsonNode view = admin().get("/api/api-key/" + created.get("id").asLong() + "/permissions").expect(200).json();
        assertThat(view.get("collections").get("write")).isEmpty();
        assertThat(ids(view.get("allowed_methods"))).containsExactlyInAnyOrder("GET", "HEAD");
        viewMatchesRequests(created);
    }

    @Test void an_admin_key_reads_and_writes_everywhere_unless_read_only() {
        JsonNode created = create(2, Map.of());
        viewMatchesRequests(created);
        JsonNode view = admin().get("/api/api-key/" + created.get("id").asLong() + "/permissions").expect(200).json();
        int all = admin().get("/api/collection").expect(200).json().size(); // the root is listed too, as "root"
        assertThat(view.get("collections").get("write")).hasSize(all);
        viewMatchesRequests(create(2, Map.of("read_only", true)));
    }

    @Test void a_personal_key_shows_its_owner_and_the_owners_rights() {
        JsonNode created = app.api.as(app.member).post("/api/user/current/api-key", Map.of("name", "laptop")).expect(200).json();
        JsonNode view = admin().get("/api/api-key/" + created.get("id").asLong() + "/permissions").expect(200).json();
        assertThat(view.get("acts_as_user_id").asLong()).isEqualTo(app.memberId);
        viewMatchesRequests(created);
    }

    @Test void only_admins_may_ask_and_an_unknown_key_is_a_404() {
        JsonNode created = create(group, Map.of());
        app.api.as(app.member).get("/api/api-key/" + created.get("id").asLong() + "/permissions").expect(403);
        app.api.anonymous().get("/api/api-key/" + created.get("id").asLong() + "/permissions").expect(401);
        admin().get("/api/api-key/999999/permissions").expect(404);
    }
}
