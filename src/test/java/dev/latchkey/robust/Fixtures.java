package dev.latchkey.robust;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.content.Content;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Things the hostile requests point at, made through the API as the admin and cached by tag, so each route (and
 * each test) works on its own person, group, key or collection and a DELETE in one cannot starve another.
 */
final class Fixtures {
    private final TestApp app;
    private final Supplier<Api> admin;
    private final Map<String, Long> made = new HashMap<>();
    private final AtomicInteger counter = new AtomicInteger();
    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private int writes;

    /** {@code admin} is the admin's current client: hostile requests may have ended the session TestApp began with. */
    Fixtures(TestApp app, Supplier<Api> admin) {
        this.app = app;
        this.admin = admin;
    }

    long memberId() { return app.memberId; }

    /** Grows whenever a fixture is made, so the caller knows the database changed for a legitimate reason. */
    int writes() { return writes; }

    /** A name no one has used yet (groups and API keys need unique names). */
    String unique(String prefix) { return prefix + " " + run + "-" + counter.incrementAndGet(); }

    long person(String tag) {
        return once("person " + tag, () -> admin.get().post("/api/user", Map.of("email", unique("p").replace(' ', '.') + "@example.com",
                "first_name", "Fixture", "last_name", "Person", "password", TestApp.PASSWORD)).expect(200).json().get("id").asLong());
    }

    long deactivatedPerson(String tag) {
        return once("deactivated " + tag, () -> {
            long id = person("to deactivate " + tag);
            admin.get().delete("/api/user/" + id).expect(200);
            return id;
        });
    }

    long group(String tag) {
        return once("group " + tag, () -> admin.get().post("/api/permissions/group", Map.of("name", unique("Group")))
                .expect(200).json().get("id").asLong());
    }

    long membership(String tag) {
        return once("membership " + tag, () -> {
            long group = group("of membership " + tag), person = person("of membership " + tag);
            admin.get().post("/api/permissions/membership", Map.of("group_id", group, "user_id", person)).expect(200);
            JsonNode rows = admin.get().get("/api/permissions/membership").expect(200).json().get(Long.toString(person));
            for (JsonNode r : rows) if (r.get("group_id").asLong() == group) return r.get("membership_id").asLong();
            throw new AssertionError("membership not found");
        });
    }

    long apiKey(String tag) {
        return once("key " + tag, () -> admin.get().post("/api/api-key", Map.of("name", unique("Key"), "group_id", 1))
                .expect(200).json().get("id").asLong());
    }

    long collection(String tag) {
        return once("collection " + tag, () -> id(admin.get().post("/api/collection", Map.of("name", unique("Collection")))));
    }

    long card(String tag) {
        return once("card " + tag, () -> id(admin.get().post("/api/card", Content.cardBody(unique("Card"), collection("of card " + tag)))));
    }

    long dashboard(String tag) {
        return once("dashboard " + tag, () -> id(admin.get().post("/api/dashboard",
                Map.of("name", unique("Dashboard"), "collection_id", collection("of dashboard " + tag)))));
    }

    private static long id(Api.Response r) { return r.expect(200).json().get("id").asLong(); }

    /** The permission graph's current revision (read, not cached: every accepted graph change moves it). */
    long revision() { return admin.get().get("/api/collection/graph").expect(200).json().get("revision").asLong(); }

    private long once(String key, Supplier<Long> make) {
        Long id = made.get(key);
        if (id != null) return id;
        id = make.get();
        made.put(key, id);
        writes++;
        return id;
    }
}
