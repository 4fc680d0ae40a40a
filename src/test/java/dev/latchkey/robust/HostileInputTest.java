package dev.latchkey.robust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.core.Json;
import dev.latchkey.robust.Spec.Who;
import dev.latchkey.support.TestApp;
import dev.latchkey.web.Access;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static dev.latchkey.robust.Hostile.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route, every kind of caller, hostile input: the answer is never a 5xx, a refusal is a 4xx in Metabase's
 * shape (WireShape), and a refused write leaves every table exactly as it was (DbState).
 */
class HostileInputTest {
    static TestApp app;
    static Callers callers;
    static Wire wire;
    static DbState state;

    @BeforeAll static void start() {
        app = TestApp.start();
        wire = new Wire(app.api.base());
        state = new DbState(app.app.database());
        callers = new Callers(app);
    }

    @AfterAll static void stop() { app.close(); }

    @Test
    void every_registered_route_is_in_the_table_with_the_access_role_it_was_registered_with() {
        Map<String, Access> registered = new TreeMap<>();
        app.app.routes().forEach(r -> registered.put(r.method() + " " + r.path(), r.access()));
        Map<String, Access> table = new TreeMap<>();
        RouteTable.ALL.forEach(s -> table.put(s.key(), s.access()));
        assertThat(table).as("RouteTable.ALL must list every route the app registers").isEqualTo(registered);
    }

    @Test
    void the_state_snapshot_is_stable_without_writes_and_sees_a_renamed_group() {
        callers.repair(); // an earlier test may have signed the admin out
        long group = callers.api(Who.ADMIN).post("/api/permissions/group", Map.of("name", "Snapshot " + System.nanoTime()))
                .expect(200).json().get("id").asLong();
        var before = state.snapshot();
        assertThat(state.snapshot()).isEqualTo(before);
        callers.api(Who.ADMIN).put("/api/permissions/group/" + group, Map.of("name", "Renamed " + System.nanoTime())).expect(200);
        assertThat(DbState.diff(before, state.snapshot())).contains("permissions_group");
    }

    @Test
    void callers_the_route_turns_away_get_exactly_401_or_403_and_nothing_is_written() {
        Run run = run("outsiders");
        record Call(Who who, Spec spec, Wire.Request request) {}
        List<Call> calls = new ArrayList<>();
        for (Spec spec : RouteTable.ALL) {
            for (Who who : Who.values()) {
                if (spec.admits(who)) continue;
                calls.add(new Call(who, spec, run.valid(spec, who)));
                calls.add(new Call(who, spec, run.withBody(spec, who, utf8("{"))));
                calls.add(new Call(who, spec, Wire.Request.json(spec.method(), spec.path().replaceAll("\\{[^}]+}", "abc"), null)));
            }
        }
        var before = state.snapshot(); // after the fixtures the calls point at were made
        for (Call c : calls) {
            String expected = c.who() == Who.ANONYMOUS ? "401 Unauthenticated" : "403 You don't have permissions to do that.";
            Wire.Reply reply = run.send(c.who(), c.spec(), c.request());
            String got = reply.status() + " " + reply.body();
            if (!got.equals(expected)) run.problem(c.who(), c.request(), "expected " + expected + ", got " + WireShape.cut(got));
        }
        assertThat(DbState.diff(before, state.snapshot())).as("writes by refused callers").isEmpty();
        run.assertClean(150);
    }

    @Test
    void malformed_non_object_and_non_json_bodies_get_a_4xx_in_metabases_shape_and_write_nothing() {
        Run run = run("bodies");
        for (Spec spec : RouteTable.ALL) {
            if (spec.method().equals("GET")) continue;
            for (Who who : insiders(spec)) {
                for (byte[] body : who == Who.ADMIN ? Hostile.BODIES : Hostile.SAMPLE_BODIES) run.send(who, spec, run.withBody(spec, who, body));
            }
            for (var e : Hostile.OTHER_TYPES.entrySet()) {
                Wire.Request r = run.valid(spec, Who.ADMIN);
                run.send(Who.ADMIN, spec, new Wire.Request(r.method(), r.path(), Map.of(), e.getKey(), e.getValue()));
            }
            Wire.Request r = run.valid(spec, Who.ADMIN);
            if (r.body() != null) run.send(Who.ADMIN, spec, new Wire.Request(r.method(), r.path(), Map.of(), null, r.body()));
            run.afterRoute(spec);
        }
        run.assertClean(700);
    }

    @Test
    void each_field_set_to_a_wrong_type_or_strange_value_is_refused_in_metabases_shape_or_accepted_and_a_refusal_writes_nothing() {
        Run run = run("fields");
        for (Spec spec : RouteTable.ALL) {
            if (spec.body() == null) continue;
            for (String field : fieldsOf(spec, run.fx)) {
                for (JsonNode value : Hostile.VALUES) run.send(Who.ADMIN, spec, run.json(spec, Who.ADMIN, set(spec.body().apply(run.fx), field, value)));
                run.send(Who.ADMIN, spec, run.json(spec, Who.ADMIN, set(spec.body().apply(run.fx), field, null)));
            }
            // Every other caller: the valid body and the nested hostile ones, where their own rights apply.
            for (Who who : insiders(spec)) {
                if (who != Who.ADMIN) run.send(who, spec, run.valid(spec, who));
                for (ObjectNode extra : spec.extraBodies().apply(run.fx)) run.send(who, spec, run.json(spec, who, extra));
            }
            run.afterRoute(spec);
        }
        run.assertClean(1500);
    }

    @Test
    void malformed_negative_huge_and_unknown_path_ids_get_400_or_404_and_write_nothing() {
        Run run = run("ids");
        for (Spec spec : RouteTable.ALL) {
            for (String param : spec.paramNames()) {
                for (Who who : insiders(spec)) {
                    for (String id : who == Who.ADMIN ? Hostile.IDS : Hostile.SAMPLE_IDS) {
                        Map<String, String> params = new java.util.HashMap<>(spec.pathParams().apply(run.fx, who));
                        params.put(param, id);
                        ObjectNode body = spec.body() == null ? null : spec.body().apply(run.fx);
                        Wire.Request r = Wire.Request.json(spec.method(), spec.fill(params), body == null ? null : Json.write(body));
                        Wire.Reply reply = run.send(who, spec, r);
                        boolean rootOk = id.equals("root") && spec.rootAllowed().contains(param);
                        if (!rootOk && reply.status() != 400 && reply.status() != 404 && reply.status() != 403) {
                            run.problem(who, r, "a bad id must be 400 or 404, got " + reply.status() + " " + WireShape.cut(reply.body()));
                        }
                    }
                }
            }
            run.afterRoute(spec);
        }
        run.assertClean(400);
    }

    @Test
    void wrong_typed_out_of_range_repeated_and_unknown_query_parameters_never_get_a_5xx() {
        Run run = run("query");
        for (Spec spec : RouteTable.ALL) {
            if (spec.query().isEmpty() && !spec.method().equals("GET")) continue;
            for (Who who : List.of(Who.ADMIN, Who.MEMBER)) {
                if (!spec.admits(who)) continue;
                String path = spec.fill(spec.pathParams().apply(run.fx, who));
                List<String> queries = new ArrayList<>(List.of("bogus=1", "limit=-1", "offset=abc", "%00=1", "=", "&&&"));
                for (String q : spec.query()) {
                    for (String v : Hostile.QUERY_VALUES) queries.add(q + "=" + v);
                    queries.add(q + "=1&" + q + "=abc");
                    queries.add(q);
                }
                for (String q : queries) run.send(who, spec, Wire.Request.json(spec.method(), path + "?" + q, null));
            }
            run.afterRoute(spec);
        }
        run.assertClean(1000);
    }

    @Test
    void a_body_over_the_request_size_limit_gets_413_wherever_a_body_is_read() {
        Run run = run("oversize");
        byte[] huge = utf8("{\"name\":\"" + "x".repeat(11 * 1024 * 1024) + "\"}");
        for (Spec spec : RouteTable.ALL) {
            if (spec.body() == null) continue;
            for (Map<String, String> how : List.of(Map.<String, String>of(), Map.of(Wire.CHUNKED, "yes"))) {
                Wire.Request r = run.withBody(spec, Who.ADMIN, huge).withHeaders(how);
                Wire.Reply reply = run.send(Who.ADMIN, spec, r);
                if (reply.status() != 413) run.problem(Who.ADMIN, r, how + " expected 413, got " + reply.status() + " " + WireShape.cut(reply.body()));
            }
            run.afterRoute(spec);
        }
        run.assertClean(15);
    }

    @Test
    void forged_malformed_and_oversized_credentials_get_401_on_protected_routes_and_are_ignored_on_public_ones() {
        Run run = run("credentials");
        List<Map<String, String>> forged = List.of(Map.of("X-API-Key", "mb_"), Map.of("X-API-Key", "garbage"),
                Map.of("X-API-Key", "mb_" + "A".repeat(4000)), Map.of("X-API-Key", "mb_" + "A".repeat(10_000)), Map.of("X-API-Key", "mb_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="),
                Map.of("X-API-Key", "mb_' OR 1=1 --"), Map.of("X-Metabase-Session", "x"),
                Map.of("X-Metabase-Session", "00000000-0000-0000-0000-000000000000"), Map.of("X-Metabase-Session", "s".repeat(4000)),
                Map.of("Cookie", "metabase.SESSION=garbage"), Map.of("Cookie", "metabase.SESSION=; metabase.SESSION=x"),
                Map.of("Cookie", "metabase.SESSION=\"quoted\""), Map.of("Authorization", "Bearer mb_x"));
        for (Spec spec : RouteTable.ALL) {
            for (Map<String, String> headers : forged) {
                Wire.Request r = run.valid(spec, Who.ANONYMOUS).withHeaders(headers);
                Wire.Reply reply = run.send(Who.ANONYMOUS, spec, r);
                boolean tooLarge = reply.status() == 431; // Jetty's header limit (8 KiB) comes before any route
                if (spec.access() != Access.PUBLIC && !tooLarge && !(reply.status() == 401 && reply.body().equals("Unauthenticated"))) {
                    run.problem(Who.ANONYMOUS, r, headers + " must be 401 Unauthenticated, got " + reply.status() + " " + WireShape.cut(reply.body()));
                }
            }
            run.afterRoute(spec);
            // a well-formed forged key counts as a failed attempt from 127.0.0.1: let the failed-key throttle's
            // window pass, so every route is checked for its 401 rather than the throttle's 429
            app.clock.advance(java.time.Duration.ofSeconds(dev.latchkey.auth.FailedKeyThrottle.WINDOW_SECONDS + 1));
        }
        run.assertClean(500);
    }

    @Test
    void unknown_paths_and_methods_get_a_404_not_a_5xx() {
        Run run = run("unknown");
        Spec any = Spec.route("GET", "/api/unknown", Access.ADMIN);
        for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD")) {
            for (String path : List.of("/api/nope", "/api/user/1/nope", "/api/%00", "/api/user/%2e%2e/%2e%2e/etc/passwd",
                    "/api/collection/1/items/2", "/api/api-key/1/2/3", "/api/permissions/group/1", "/api/" + "a".repeat(3000), "/%00", "/index.html%00",
                    "/..%2f..%2fetc%2fpasswd", "/api//user//current", "/api/user?query=" + "q".repeat(10_000))) {
                run.send(Who.ADMIN, any, Wire.Request.json(method, path, method.equals("GET") || method.equals("HEAD") ? null : "{}"));
            }
        }
        run.assertClean(50);
    }

    private static List<Who> insiders(Spec spec) {
        return java.util.Arrays.stream(Who.values()).filter(spec::admits).toList();
    }

    /** The base body's own fields plus those the table lists (nested ones dotted). */
    private static Set<String> fieldsOf(Spec spec, Fixtures fx) {
        Set<String> fields = new LinkedHashSet<>();
        spec.body().apply(fx).fieldNames().forEachRemaining(fields::add);
        fields.addAll(spec.fields());
        return fields;
    }

    /** The body with one (possibly dotted) field set to value, or removed when value is null. */
    static ObjectNode set(ObjectNode body, String dotted, JsonNode value) {
        String[] parts = dotted.split("\\.");
        ObjectNode node = body;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = node.get(parts[i]);
            node = next != null && next.isObject() ? (ObjectNode) next : node.putObject(parts[i]);
        }
        if (value == null) node.remove(parts[parts.length - 1]);
        else node.set(parts[parts.length - 1], value);
        return body;
    }

    private static Run run(String name) { return new Run(name, app, wire, state, callers); }
}
