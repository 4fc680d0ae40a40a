package dev.latchkey.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.Api;
import dev.latchkey.support.SecretScanning;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

import static dev.latchkey.support.TestApp.key;
import static dev.latchkey.support.TestApp.session;

/**
 * Three instances on one database: each kind of change that can affect authentication or authorization, made on one
 * instance (in turn), is rejected/reflected on the other two within 1 s, over many trials (the maximum is asserted
 * and written, with p50/p99, to target/cluster-propagation-&lt;db&gt;.txt).
 */
class ClusterPropagationTest {
    static final int TRIALS = 12;
    static Cluster cluster;
    static SecretScanning scanning;

    @BeforeAll
    static void start() throws Exception {
        Cluster.assumeSharedDatabase();
        scanning = new SecretScanning();
        cluster = new Cluster(3, c -> c.withOperations(c.ops().withSecretScanningKeys(scanning.keysFile)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster == null) return;
        Cluster.assertWithinOneSecond(cluster.report("cluster-propagation"));
        cluster.close();
        scanning.close();
    }

    static String plain(JsonNode key) { return key.get("unmasked_key").asText(); }

    static boolean status(Api api, Api.Caller caller, String path, int expected) { return api.as(caller).get(path).status() == expected; }

    @Test
    void a_deleted_or_regenerated_key_is_refused_everywhere() {
        for (int i = 0; i < TRIALS * 2; i++) {
            JsonNode k = cluster.newKey(i, 1);
            cluster.warm(key(plain(k)), "/api/user/current", 200);
            boolean delete = i % 2 == 0;
            String path = "/api/api-key/" + k.get("id").asLong() + (delete ? "" : "/regenerate");
            int origin = i;
            cluster.measure(delete ? "key delete" : "key regenerate", i,
                    () -> { if (delete) cluster.admin(origin).delete(path).expect(204); else cluster.admin(origin).put(path, Map.of()).expect(200); },
                    api -> status(api, key(plain(k)), "/api/user/current", 401));
        }
    }

    /**
     * A key regenerated with a grace window, both secrets cached on every instance: {id, previous, current}. The shared
     * clock first moves past the failed-key throttle's window: every trial's refusals are failed key attempts from
     * 127.0.0.1, and there are more of them than the throttle allows a client in a minute.
     */
    static String[] rotated(int i) {
        cluster.get(0).clock.advance(java.time.Duration.ofSeconds(dev.latchkey.auth.FailedKeyThrottle.WINDOW_SECONDS + 1));
        JsonNode k = cluster.newKey(i, 1);
        String current = cluster.admin(i).put("/api/api-key/" + k.get("id").asLong() + "/regenerate", Map.of("grace_seconds", 3600))
                .expect(200).json().get("unmasked_key").asText();
        cluster.warm(key(plain(k)), "/api/user/current", 200);
        cluster.warm(key(current), "/api/user/current", 200);
        return new String[] {k.get("id").asText(), plain(k), current};
    }

    static void leakReport(int origin, String token) {
        try {
            String label = scanning.report(cluster.get(origin).api.anonymous(), SecretScanning.alert(token)).expect(200).json()
                    .get(0).get("label").asText();
            if (!label.equals("true_positive")) throw new AssertionError("leak report answered " + label);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void a_leaked_previous_secret_is_refused_everywhere_while_the_current_one_keeps_working() {
        for (int i = 0; i < TRIALS; i++) {
            String[] k = rotated(i);
            int origin = i;
            cluster.measure("leak report (previous secret in grace)", i, () -> leakReport(origin, k[1]),
                    api -> status(api, key(k[1]), "/api/user/current", 401));
            for (int j = 0; j < 3; j++) cluster.get(j).api.as(key(k[2])).get("/api/user/current").expect(200);
            JsonNode listed = listed(i + 1, k[0]);
            assertThat(listed.get("previous_key_expires_at").isNull()).isTrue();
            assertThat(listed.get("revoked").isNull()).isTrue();
        }
    }

    @Test
    void a_leaked_current_secret_revokes_the_key_and_its_previous_secret_everywhere() {
        for (int i = 0; i < TRIALS; i++) {
            String[] k = rotated(i);
            int origin = i;
            cluster.measure("leak report (current secret in grace)", i, () -> leakReport(origin, k[2]),
                    api -> status(api, key(k[2]), "/api/user/current", 401) && status(api, key(k[1]), "/api/user/current", 401));
            assertThat(listed(i + 2, k[0]).get("revoked").get("reason").asText()).isEqualTo("leaked");
        }
    }

    static JsonNode listed(int i, String id) {
        for (JsonNode k : cluster.admin(i).get("/api/api-key").expect(200).json()) if (k.get("id").asText().equals(id)) return k;
        throw new AssertionError("key " + id + " is not listed");
    }

    @Test
    void a_key_moved_out_of_administrators_loses_admin_rights_everywhere() {
        for (int i = 0; i < TRIALS; i++) {
            JsonNode k = cluster.newKey(i, 2);
            cluster.warm(key(plain(k)), "/api/permissions/group", 200);
            int origin = i;
            cluster.measure("key regroup (admin to All Users)", i,
                    () -> cluster.admin(origin).put("/api/api-key/" + k.get("id").asLong(), Map.of("group_id", 1)).expect(200),
                    api -> status(api, key(plain(k)), "/api/permissions/group", 403));
        }
    }

    @Test
    void a_renamed_key_shows_its_new_name_everywhere() {
        JsonNode k = cluster.newKey(0, 1);
        for (int i = 0; i < TRIALS; i++) {
            cluster.warm(key(plain(k)), "/api/user/current", 200);
            String name = "renamed " + i;
            int origin = i;
            cluster.measure("key rename (current user view)", i,
                    () -> cluster.admin(origin).put("/api/api-key/" + k.get("id").asLong(), Map.of("name", name)).expect(200),
                    api -> name.equals(api.as(key(plain(k))).get("/api/user/current").json().get("first_name").asText()));
        }
    }

    @Test
    void a_membership_of_administrators_added_or_removed_applies_everywhere() {
        TestApp a = cluster.get(0);
        for (int i = 0; i < TRIALS; i++) {
            cluster.warm(a.member, "/api/permissions/group", 403);
            int origin = i;
            cluster.measure("membership add (Administrators)", i,
                    () -> cluster.admin(origin).post("/api/permissions/membership", Map.of("group_id", 2, "user_id", a.memberId)).expect(200),
                    api -> status(api, a.member, "/api/permissions/group", 200));
            long membership = membershipId(origin, 2, a.memberId);
            cluster.measure("membership remove (Administrators)", i + 1,
                    () -> cluster.admin(origin + 1).delete("/api/permissions/membership/" + membership).expect(204),
                    api -> status(api, a.member, "/api/permissions/group", 403));
        }
    }

    @Test
    void a_person_promoted_or_demoted_is_so_everywhere() {
        TestApp a = cluster.get(0);
        for (int i = 0; i < TRIALS; i++) {
            cluster.warm(a.member, "/api/user/current", 200);
            int origin = i;
            cluster.measure("person promote", i,
                    () -> cluster.admin(origin).put("/api/user/" + a.memberId, Map.of("is_superuser", true)).expect(200),
                    api -> api.as(a.member).get("/api/user/current").json().get("is_superuser").asBoolean());
            cluster.measure("person demote", i + 1,
                    () -> cluster.admin(origin + 1).put("/api/user/" + a.memberId, Map.of("is_superuser", false)).expect(200),
                    api -> status(api, a.member, "/api/permissions/group", 403));
        }
    }

    @Test
    void a_deleted_group_disappears_from_its_members_everywhere() {
        for (int i = 0; i < TRIALS; i++) {
            long group = cluster.newGroup(i);
            JsonNode k = cluster.newKey(i, group);
            cluster.warm(key(plain(k)), "/api/user/current", 200);
            int origin = i;
            cluster.measure("group delete", i,
                    () -> cluster.admin(origin).delete("/api/permissions/group/" + group).expect(204),
                    api -> "[1]".equals(api.as(key(plain(k))).get("/api/user/current").json().get("group_ids").toString()));
        }
    }

    @Test
    void a_signed_out_deactivated_or_re_passworded_person_s_session_is_refused_everywhere() {
        for (int i = 0; i < TRIALS * 3; i++) {
            JsonNode p = cluster.newPerson(i);
            long id = p.get("id").asLong();
            String s = cluster.login(i, p.get("email").asText());
            cluster.warm(session(s), "/api/user/current", 200);
            int origin = i;
            String kind = switch (i % 3) { case 0 -> "session sign-out"; case 1 -> "person deactivate"; default -> "password change"; };
            Runnable change = switch (i % 3) {
                case 0 -> () -> cluster.get(origin).api.withSession(s).delete("/api/session").expect(204);
                case 1 -> () -> cluster.admin(origin).delete("/api/user/" + id).expect(200);
                default -> () -> cluster.admin(origin).put("/api/user/" + id + "/password", Map.of("password", "N3w-" + TestApp.PASSWORD)).expect(204);
            };
            cluster.measure(kind, i, change, api -> status(api, session(s), "/api/user/current", 401));
        }
    }

    @Test
    void a_reactivated_person_signs_in_anywhere_without_admin_rights() {
        for (int i = 0; i < TRIALS; i++) {
            JsonNode p = cluster.newPerson(i);
            long id = p.get("id").asLong();
            cluster.admin(i).put("/api/user/" + id, Map.of("is_superuser", true)).expect(200);
            String before = cluster.login(i + 1, p.get("email").asText());
            cluster.warm(session(before), "/api/permissions/group", 200);
            cluster.admin(i).delete("/api/user/" + id).expect(200);
            int origin = i;
            cluster.measure("person reactivate", i,
                    () -> cluster.admin(origin).put("/api/user/" + id + "/reactivate", Map.of()).expect(200),
                    api -> !api.as(session(api.anonymous().post("/api/session", Map.of("username", p.get("email").asText(),
                            "password", TestApp.PASSWORD)).expect(200).json().get("id").asText())).get("/api/user/current")
                            .json().get("is_superuser").asBoolean());
            cluster.warm(session(before), "/api/user/current", 401);
        }
    }

    @Test
    void a_permission_graph_change_applies_everywhere() {
        JsonNode k = cluster.newKey(0, 1);
        for (int i = 0; i < TRIALS; i++) {
            // a new collection inherits the root's rights: All Users (every key's group) may read it
            long collection = cluster.admin(i).post("/api/collection", Map.of("name", "c" + i, "color", "#509EE3")).expect(200)
                    .json().get("id").asLong();
            cluster.warm(key(plain(k)), "/api/collection/" + collection, 200);
            int origin = i;
            cluster.measure("permission graph (revoke All Users)", i, () -> {
                long revision = cluster.admin(origin).get("/api/collection/graph").expect(200).json().get("revision").asLong();
                cluster.admin(origin).put("/api/collection/graph", Map.of("revision", revision,
                        "groups", Map.of("1", Map.of(Long.toString(collection), "none")))).expect(200);
            }, api -> status(api, key(plain(k)), "/api/collection/" + collection, 403));
        }
    }

    static long membershipId(int i, long groupId, long userId) {
        JsonNode rows = cluster.admin(i).get("/api/permissions/membership").expect(200).json().get(Long.toString(userId));
        for (JsonNode r : rows) if (r.get("group_id").asLong() == groupId) return r.get("membership_id").asLong();
        throw new AssertionError("no membership of user " + userId + " in group " + groupId);
    }
}
