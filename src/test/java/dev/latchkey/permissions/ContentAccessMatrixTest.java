package dev.latchkey.permissions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.content.Content;
import dev.latchkey.content.ContentApiTestBase;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static dev.latchkey.content.Content.ADMINISTRATORS;
import static dev.latchkey.content.Content.ALL_USERS;
import static dev.latchkey.content.Content.cardBody;
import static dev.latchkey.content.Content.ids;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every content endpoint against every kind of caller: no credentials, API keys whose group has none / read /
 * write on the collection, an Administrators key, and a person's session (in the read group). All Users has
 * no right on the collection, so whatever a caller gets comes from its own group.
 */
class ContentAccessMatrixTest extends ContentApiTestBase {
    enum Level { ANONYMOUS, NONE, READ, WRITE, ADMIN }

    record Caller(String name, Api.Caller caller, Level level) {}

    /** One endpoint: the least level that may call it and the request (which may seed what it needs as admin). */
    record Endpoint(String name, Level needs, Function<Api, Api.Response> call) {}

    static long collection;
    static long card;
    static long dashboard;
    static List<Caller> callers;

    @BeforeAll static void seed() {
        collection = content.collection("Matrix", null);
        card = content.card("Matrix question", collection);
        dashboard = content.dashboard("Matrix dashboard", collection);
        long none = group("none"), read = group("read"), write = group("write");
        content.grant(ALL_USERS, collection, "none");
        content.grant(none, collection, "none");
        content.grant(read, collection, "read");
        content.grant(write, collection, "write");
        app.api.as(app.admin).post("/api/permissions/membership", Map.of("group_id", read, "user_id", app.memberId)).expect(200);
        callers = List.of(
                new Caller("no credentials", TestApp.ANONYMOUS, Level.ANONYMOUS),
                new Caller("key in a group with none", key(none), Level.NONE),
                new Caller("key in a group with read", key(read), Level.READ),
                new Caller("key in a group with write", key(write), Level.WRITE),
                new Caller("admin key", key(ADMINISTRATORS), Level.ADMIN),
                new Caller("member session (read group)", app.member, Level.READ));
    }

    static long group(String name) {
        return app.api.as(app.admin).post("/api/permissions/group", Map.of("name", "Matrix " + name)).expect(200).json().get("id").asLong();
    }

    static Api.Caller key(long groupId) {
        return TestApp.key(app.api.as(app.admin).post("/api/api-key", Map.of("name", "matrix " + UUID.randomUUID(), "group_id", groupId))
                .expect(200).json().get("unmasked_key").asText());
    }

    static long freshCard() { return content.card("Matrix fresh " + UUID.randomUUID(), collection); }

    static long freshDashboard() { return content.dashboard("Matrix fresh " + UUID.randomUUID(), collection); }

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET /api/collection/:id", Level.READ, api -> api.get("/api/collection/" + collection)),
            new Endpoint("GET /api/collection/:id/items", Level.READ, api -> api.get("/api/collection/" + collection + "/items")),
            new Endpoint("POST /api/collection (child)", Level.WRITE, api -> api.post("/api/collection",
                    Map.of("name", "Child " + UUID.randomUUID(), "parent_id", collection))),
            new Endpoint("PUT /api/collection/:id", Level.WRITE, api -> api.put("/api/collection/" + collection,
                    Map.of("description", "touched " + UUID.randomUUID()))),
            new Endpoint("GET /api/card/:id", Level.READ, api -> api.get("/api/card/" + card)),
            new Endpoint("POST /api/card", Level.WRITE, api -> api.post("/api/card", cardBody("New " + UUID.randomUUID(), collection))),
            new Endpoint("PUT /api/card/:id", Level.WRITE, api -> api.put("/api/card/" + card, Map.of("description", "touched"))),
            new Endpoint("PUT /api/card/:id archive", Level.WRITE, api -> api.put("/api/card/" + freshCard(), Map.of("archived", true))),
            new Endpoint("POST /api/card/:id/copy", Level.WRITE, api -> api.post("/api/card/" + card + "/copy", null)),
            new Endpoint("POST /api/card/collections", Level.WRITE, api -> api.post("/api/card/collections",
                    Map.of("card_ids", List.of(freshCard()), "collection_id", collection))),
            new Endpoint("DELETE /api/card/:id", Level.WRITE, api -> api.delete("/api/card/" + freshCard())),
            new Endpoint("GET /api/dashboard/:id", Level.READ, api -> api.get("/api/dashboard/" + dashboard)),
            new Endpoint("POST /api/dashboard", Level.WRITE, api -> api.post("/api/dashboard",
                    Map.of("name", "New " + UUID.randomUUID(), "collection_id", collection))),
            new Endpoint("PUT /api/dashboard/:id", Level.WRITE, api -> api.put("/api/dashboard/" + dashboard,
                    Map.of("description", "touched", "dashcards", List.of(Map.of("id", -1, "card_id", card, "row", 0, "col", 0,
                            "size_x", 4, "size_y", 4))))),
            new Endpoint("POST /api/dashboard/:id/copy", Level.WRITE, api -> api.post("/api/dashboard/" + dashboard + "/copy",
                    Map.of("collection_id", collection))),
            new Endpoint("DELETE /api/dashboard/:id", Level.WRITE, api -> api.delete("/api/dashboard/" + freshDashboard())));

    @Test
    void every_content_endpoint_answers_each_caller_by_its_groups_rights() {
        Map<String, String> wrong = new LinkedHashMap<>();
        for (Endpoint e : ENDPOINTS) {
            for (Caller c : callers) {
                int status = e.call().apply(app.api.as(c.caller())).status();
                int expected = c.level() == Level.ANONYMOUS ? 401 : c.level().compareTo(e.needs()) < 0 ? 403
                        : e.name().startsWith("DELETE") ? 204 : 200;
                if (status != expected) wrong.put(e.name() + " as " + c.name(), "got " + status + ", expected " + expected);
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void lists_tree_items_and_search_show_exactly_what_each_caller_may_read() {
        for (Caller c : callers) {
            if (c.level() == Level.ANONYMOUS) {
                for (String path : List.of("/api/collection", "/api/collection/tree", "/api/card", "/api/dashboard",
                        "/api/search?q=Matrix", "/api/collection/root/items")) {
                    app.api.as(c.caller()).get(path).expect(401);
                }
                continue;
            }
            boolean sees = c.level().compareTo(Level.READ) >= 0;
            Api api = app.api.as(c.caller());
            assertThat(ids(api.get("/api/collection").expect(200).json()).contains(collection)).as(c.name()).isEqualTo(sees);
            assertThat(Content.treeIds(api.get("/api/collection/tree").expect(200).json()).contains(collection)).as(c.name()).isEqualTo(sees);
            boolean inRoot = false;
            for (JsonNode item : api.get("/api/collection/root/items").expect(200).json().get("data")) {
                inRoot |= item.get("model").asText().equals("collection") && item.get("id").asLong() == collection;
            }
            assertThat(inRoot).as(c.name()).isEqualTo(sees);
            assertThat(ids(api.get("/api/card").expect(200).json()).contains(card)).as(c.name()).isEqualTo(sees);
            assertThat(ids(api.get("/api/dashboard").expect(200).json()).contains(dashboard)).as(c.name()).isEqualTo(sees);
            JsonNode hits = api.get("/api/search?q=Matrix").expect(200).json().get("data");
            assertThat(hits.size() > 0).as(c.name()).isEqualTo(sees);
        }
    }

    @Test
    void the_permission_graph_is_for_administrators_only_with_keys_as_with_sessions() {
        for (Caller c : callers) {
            int expected = c.level() == Level.ANONYMOUS ? 401 : c.level() == Level.ADMIN ? 200 : 403;
            app.api.as(c.caller()).get("/api/collection/graph").expect(expected);
        }
        Api.Caller adminKey = callers.get(4).caller();
        long revision = app.api.as(adminKey).get("/api/collection/graph").expect(200).json().get("revision").asLong();
        app.api.as(adminKey).put("/api/collection/graph", Map.of("revision", revision,
                "groups", Map.of(String.valueOf(ALL_USERS), Map.of(String.valueOf(collection), "none")))).expect(200);
        app.api.as(callers.get(3).caller()).put("/api/collection/graph", Map.of("revision", revision + 1, "groups", Map.of())).expect(403);
    }

    @Test
    void metabase_bug_45458_a_key_without_access_cannot_read_questions_or_dashboards_in_the_collection() {
        Api.Caller noAccess = callers.get(1).caller();
        app.api.as(noAccess).get("/api/card/" + card).expect(403);
        app.api.as(noAccess).get("/api/dashboard/" + dashboard).expect(403);
        app.api.as(noAccess).get("/api/collection/" + collection + "/items").expect(403);
        app.api.as(noAccess).post("/api/card/" + card + "/copy", null).expect(403);
        app.api.as(noAccess).post("/api/dashboard/" + dashboard + "/copy", Map.of()).expect(403);
        assertThat(ids(app.api.as(noAccess).get("/api/card").expect(200).json())).doesNotContain(card);
        assertThat(ids(app.api.as(noAccess).get("/api/card?f=mine").expect(200).json())).doesNotContain(card);
        assertThat(app.api.as(noAccess).get("/api/search?q=Matrix+question").expect(200).json().get("total").asInt()).isZero();
        long open = content.dashboard("Open board showing a hidden card", null);
        app.api.as(app.admin).put("/api/dashboard/" + open, Map.of("dashcards", List.of(Map.of("id", -1, "card_id", card,
                "row", 0, "col", 0, "size_x", 4, "size_y", 4)))).expect(200);
        JsonNode board = app.api.as(noAccess).get("/api/dashboard/" + open).expect(200).json();
        assertThat(board.get("dashcards").get(0).get("card").toString()).isEqualTo("{\"id\":" + card + "}");
    }

    @Test
    void a_key_whose_group_is_deleted_falls_back_to_all_users_rights_at_once() {
        long group = app.api.as(app.admin).post("/api/permissions/group", Map.of("name", "Doomed " + UUID.randomUUID()))
                .expect(200).json().get("id").asLong();
        content.grant(group, collection, "write");
        Api.Caller doomedKey = key(group);
        app.api.as(doomedKey).put("/api/card/" + card, Map.of("description", "while the group lives")).expect(200);
        app.api.as(app.admin).delete("/api/permissions/group/" + group).expect(204);
        app.api.as(doomedKey).get("/api/card/" + card).expect(403);
        app.api.as(doomedKey).put("/api/card/" + card, Map.of("description", "after")).expect(403);
        content.grant(ALL_USERS, collection, "read");
        try {
            app.api.as(doomedKey).get("/api/card/" + card).expect(200);
            app.api.as(doomedKey).put("/api/card/" + card, Map.of("description", "after")).expect(403);
        } finally {
            content.grant(ALL_USERS, collection, "none");
        }
    }

    @Test
    void api_key_users_have_no_personal_collection() {
        JsonNode me = app.api.as(callers.get(3).caller()).get("/api/user/current").expect(200).json();
        assertThat(me.get("personal_collection_id").isNull()).isTrue();
        assertThat(app.api.as(app.member).get("/api/user/current").expect(200).json().get("personal_collection_id").isIntegralNumber()).isTrue();
    }

}
