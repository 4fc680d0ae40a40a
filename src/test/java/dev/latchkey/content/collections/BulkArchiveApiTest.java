package dev.latchkey.content.collections;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.content.Content;
import dev.latchkey.content.ContentApiTestBase;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.latchkey.content.Content.ALL_USERS;
import static dev.latchkey.content.Content.ids;
import static org.assertj.core.api.Assertions.assertThat;

/** Archiving a collection archives its whole subtree in one go; unarchiving restores exactly that set. */
class BulkArchiveApiTest extends ContentApiTestBase {
    static boolean archived(String kind, long id) {
        return app.api.as(app.admin).get("/api/" + kind + "/" + id).expect(200).json().get("archived").asBoolean();
    }

    @Test
    void a_three_level_tree_is_archived_and_restored_but_earlier_archived_items_stay_archived() {
        long a = content.collection("Bulk A", null);
        long b = content.collection("Bulk B", a);
        long c = content.collection("Bulk C", b);
        long lone = content.collection("Bulk lone", a);
        long cardA = content.card("Bulk card A", a), cardB = content.card("Bulk card B", b), cardC = content.card("Bulk card C", c);
        long dashB = content.dashboard("Bulk dash B", b), dashC = content.dashboard("Bulk dash C", c);
        long earlierCard = content.card("Bulk earlier card", b);
        long loneCard = content.card("Bulk lone card", lone);
        app.api.as(app.admin).put("/api/card/" + earlierCard, Map.of("archived", true)).expect(200);
        app.api.as(app.admin).put("/api/collection/" + lone, Map.of("archived", true)).expect(200);

        app.api.as(app.admin).put("/api/collection/" + a, Map.of("archived", true)).expect(200);
        for (long id : List.of(a, b, c, lone)) assertThat(archived("collection", id)).as("collection " + id).isTrue();
        for (long id : List.of(cardA, cardB, cardC, earlierCard, loneCard)) assertThat(archived("card", id)).as("card " + id).isTrue();
        for (long id : List.of(dashB, dashC)) assertThat(archived("dashboard", id)).isTrue();
        assertThat(ids(app.api.as(app.admin).get("/api/collection").expect(200).json())).doesNotContain(a, b, c);
        assertThat(ids(app.api.as(app.admin).get("/api/collection?archived=true").expect(200).json())).contains(a, b, c, lone);
        assertThat(ids(app.api.as(app.admin).get("/api/collection/root/items?models=collection").expect(200).json().get("data")))
                .doesNotContain(a);
        assertThat(ids(app.api.as(app.admin).get("/api/collection/root/items?archived=true&models=collection").expect(200).json().get("data")))
                .contains(a).doesNotContain(b);
        JsonNode archivedItemsOfB = app.api.as(app.admin).get("/api/collection/" + b + "/items?archived=true").expect(200).json();
        assertThat(ids(archivedItemsOfB.get("data"))).contains(c, cardB, dashB, earlierCard);
        assertThat(archivedItemsOfB.get("data").get(0).get("archived").asBoolean()).isTrue();
        assertThat(app.api.as(app.admin).get("/api/collection/" + b + "/items").expect(200).json().get("total").asInt()).isZero();
        assertThat(app.api.as(app.admin).get("/api/search?q=Bulk").expect(200).json().get("total").asInt()).isZero();
        assertThat(app.api.as(app.admin).get("/api/search?q=Bulk&archived=true").expect(200).json().get("total").asInt()).isEqualTo(11);

        app.api.as(app.admin).put("/api/collection/" + a, Map.of("archived", false)).expect(200);
        for (long id : List.of(a, b, c)) assertThat(archived("collection", id)).as("collection " + id).isFalse();
        for (long id : List.of(cardA, cardB, cardC)) assertThat(archived("card", id)).isFalse();
        for (long id : List.of(dashB, dashC)) assertThat(archived("dashboard", id)).isFalse();
        assertThat(archived("card", earlierCard)).as("archived on its own before").isTrue();
        assertThat(archived("collection", lone)).as("archived on its own before").isTrue();
        assertThat(archived("card", loneCard)).isTrue();
        assertThat(app.api.as(app.admin).get("/api/search?q=Bulk+card").expect(200).json().get("total").asInt()).isEqualTo(3);
    }

    @Test
    void archive_and_unarchive_write_audit_rows_with_the_counts() {
        long top = content.collection("Audited top", null);
        long child = content.collection("Audited child", top);
        content.card("Audited card", child);
        app.api.as(app.admin).put("/api/collection/" + top, Map.of("archived", true)).expect(200);
        app.api.as(app.admin).put("/api/collection/" + top, Map.of("archived", false)).expect(200);
        JsonNode events = app.api.as(app.admin).get("/api/audit-log?model=Collection&model_id=" + top).expect(200).json().get("data");
        JsonNode archive = find(events, "collection-archive"), unarchive = find(events, "collection-unarchive");
        assertThat(archive.get("user_id").asLong()).isEqualTo(app.adminId);
        assertThat(archive.get("details").get("collections").asInt()).isEqualTo(2);
        assertThat(archive.get("details").get("cards").asInt()).isEqualTo(1);
        assertThat(unarchive.get("details").get("cards").asInt()).isEqualTo(1);
        assertThat(unarchive.get("details").get("archive_operation_id").asText()).isEqualTo(archive.get("details").get("archive_operation_id").asText());
    }

    @Test
    void a_permission_change_writes_an_audit_row_with_before_and_after() {
        long c = content.collection("Audited graph", null);
        content.grant(ALL_USERS, c, "read");
        JsonNode events = app.api.as(app.admin).get("/api/audit-log?topic=collection-permission-graph-update").expect(200).json().get("data");
        JsonNode latest = events.get(0);
        assertThat(latest.get("model").asText()).isEqualTo("CollectionPermissionGraphRevision");
        assertThat(latest.get("details").get("new").get("1").get(String.valueOf(c)).asText()).isEqualTo("read");
        assertThat(latest.get("details").get("previous").get("1").get(String.valueOf(c)).asText()).isEqualTo("write");
    }

    @Test
    void archiving_needs_write_on_every_collection_of_the_subtree_and_changes_nothing_otherwise() {
        long top = content.collection("Guarded top", null);
        long inner = content.collection("Guarded inner", top);
        long card = content.card("Guarded card", inner);
        content.grant(ALL_USERS, top, "write");
        content.grant(ALL_USERS, inner, "read");
        app.api.as(app.member).put("/api/collection/" + top, Map.of("archived", true)).expect(403);
        assertThat(archived("collection", top)).isFalse();
        assertThat(archived("card", card)).isFalse();
    }

    @Test
    void items_cannot_be_put_into_or_revived_inside_an_archived_collection() {
        long gone = content.collection("Gone", null);
        long card = content.card("Inside gone", gone);
        app.api.as(app.admin).put("/api/collection/" + gone, Map.of("archived", true)).expect(200);
        app.api.as(app.admin).post("/api/card", Content.cardBody("Late", gone)).expect(400);
        app.api.as(app.admin).put("/api/card/" + card, Map.of("archived", false)).expect(400);
        Map<String, Object> rescue = new java.util.HashMap<>();
        rescue.put("archived", false);
        rescue.put("collection_id", null);
        app.api.as(app.admin).put("/api/card/" + card, rescue).expect(200);
        assertThat(archived("card", card)).isFalse();
    }

    static JsonNode find(JsonNode events, String topic) {
        for (JsonNode e : events) if (e.get("topic").asText().equals(topic)) return e;
        throw new AssertionError("no " + topic + " in " + events);
    }
}
