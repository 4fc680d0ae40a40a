package dev.latchkey.robust;

import dev.latchkey.robust.Spec.Who;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The four kinds of caller and their credentials. Hostile requests may legitimately end a caller's session
 * (DELETE /api/session); {@link #repair()} signs in again, and reports if Rasta ever became a superuser.
 */
final class Callers {
    private final TestApp app;
    private final Map<Who, Map<String, String>> headers = new EnumMap<>(Who.class);
    private boolean changed;

    Callers(TestApp app) {
        this.app = app;
        headers.put(Who.ANONYMOUS, Map.of());
        headers.put(Who.MEMBER, app.api.as(app.member).headers());
        headers.put(Who.ADMIN, app.api.as(app.admin).headers());
        headers.put(Who.ADMIN_KEY, Map.of("X-API-Key", newAdminKey()));
    }

    Map<String, String> headers(Who who) { return headers.get(who); }

    /** True once after a repair wrote to the database (a new session or key). */
    boolean changed() {
        boolean c = changed;
        changed = false;
        return c;
    }

    /** Makes every caller usable again; returns what was wrong beyond an ended session, or null. */
    String repair() {
        if (!works(Who.MEMBER)) signIn(Who.MEMBER, TestApp.MEMBER_EMAIL);
        if (!works(Who.ADMIN)) signIn(Who.ADMIN, TestApp.ADMIN_EMAIL);
        if (!works(Who.ADMIN_KEY)) {
            headers.put(Who.ADMIN_KEY, Map.of("X-API-Key", newAdminKey()));
            changed = true;
        }
        Api.Response me = api(Who.MEMBER).get("/api/user/current").expect(200);
        if (me.json().get("is_superuser").asBoolean()) return "Rasta (a member) became a superuser";
        if (!api(Who.ADMIN).get("/api/user/current").expect(200).json().get("is_superuser").asBoolean()) return "Crowberto lost admin rights";
        return null;
    }

    private boolean works(Who who) { return api(who).get("/api/user/current").status() == 200; }

    /** A client that presents this caller's current credentials. */
    Api api(Who who) {
        Api api = app.api.anonymous();
        for (var h : headers.get(who).entrySet()) api = api.header(h.getKey(), h.getValue());
        return api;
    }

    /** Signs in again; hostile sign-ins may have tripped the per-address throttle, which an hour of test clock clears. */
    private void signIn(Who who, String email) {
        Map<String, String> body = Map.of("username", email, "password", TestApp.PASSWORD);
        Api.Response r = app.api.anonymous().post("/api/session", body);
        if (r.status() == 401) {
            app.clock.advance(Duration.ofHours(2));
            r = app.api.anonymous().post("/api/session", body);
        }
        headers.put(who, Map.of("X-Metabase-Session", r.expect(200).json().get("id").asText()));
        changed = true;
    }

    private String newAdminKey() {
        return api(Who.ADMIN).post("/api/api-key", Map.of("name", "hostile admin key " + System.nanoTime(), "group_id", 2))
                .expect(200).json().get("unmasked_key").asText();
    }
}
