package dev.latchkey.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 under 8 concurrent writers, on the database LATCHKEY_TEST_DB selects: every write that answered 2xx
 * must be there after a restart on the same data — created keys work, deleted and regenerated-away keys stay dead,
 * memberships are as acknowledged — and no orphan rows are left. Writes in flight at the kill may go either way;
 * their keys and people are left out of later checks. The figures go to target/reliability/crash-<db>.txt.
 */
class CrashDurabilityTest {
    private static final int CYCLES = 3;
    private static final int WRITERS = 8;
    private static final int PEOPLE = 16;

    /** What the writers were told: only acknowledged writes, and what is no longer certain. */
    private static final class Model {
        final List<Key> live = new ArrayList<>();
        final Set<String> dead = new HashSet<>();
        final Map<Long, Long> membershipOf = new HashMap<>(); // person → membership id in the crash group; absent = not in it
        final List<Long> freePeople = new ArrayList<>();
        final Set<Long> uncertainPeople = new HashSet<>();
        final AtomicInteger acknowledged = new AtomicInteger();
    }

    private record Key(long id, String plaintext) {}

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void acknowledged_creates_deletes_regenerates_and_memberships_survive_kill_9() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            Path log = ChildServer.logFile("crash-" + TestDatabase.KIND + ".log");
            Files.deleteIfExists(log);
            Model model = new Model();
            StringBuilder report = new StringBuilder();
            String session;
            long group;
            try (ChildServer first = ChildServer.start(db, log)) {
                session = setUp(first.api);
                Api admin = first.api.withSession(session);
                group = admin.post("/api/permissions/group", Map.of("name", "Crash")).expect(200).json().get("id").asLong();
                for (int i = 0; i < PEOPLE; i++) {
                    model.freePeople.add(admin.post("/api/user", Map.of("email", "p" + i + "@crash.example", "first_name", "P" + i,
                            "last_name", "Crash")).expect(200).json().get("id").asLong());
                }
            }
            int lostTotal = 0;
            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                int before = model.acknowledged.get();
                long killedAfterMs;
                try (ChildServer child = ChildServer.start(db, log)) {
                    killedAfterMs = load(child, child.api.withSession(session), group, model);
                }
                List<String> orphans = orphans(db);
                List<String> lost;
                try (ChildServer restarted = ChildServer.start(db, log)) {
                    lost = lost(restarted.api, restarted.api.withSession(session), group, model);
                }
                lostTotal += lost.size();
                report.append(String.format("cycle %d: %d writes acknowledged, killed after %d ms of load, %d lost, %d orphans%n",
                        cycle, model.acknowledged.get() - before, killedAfterMs, lost.size(), orphans.size()));
                assertThat(lost).as("acknowledged writes lost after kill -9 in cycle " + cycle).isEmpty();
                assertThat(orphans).as("orphan rows after kill -9 in cycle " + cycle).isEmpty();
            }
            report.append(String.format("%s: %d cycles, %d acknowledged writes, %d lost%n", TestDatabase.KIND, CYCLES,
                    model.acknowledged.get(), lostTotal));
            Files.writeString(ChildServer.logFile("crash-" + TestDatabase.KIND + ".txt"), report);
        }
    }

    private static String setUp(Api api) {
        String token = api.get("/api/session/properties").expect(200).json().get("setup-token").asText();
        return api.post("/api/setup", Map.of("token", token,
                "user", Map.of("email", "admin@crash.example", "first_name", "A", "last_name", "Dmin", "password", "Crash-pass-1"),
                "prefs", Map.of("site_name", "Crash"))).expect(200).json().get("id").asText();
    }

    /** Runs the writers, kills the server 2.5–4 s in, and returns how long the load ran. */
    private static long load(ChildServer child, Api admin, long group, Model model) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            Thread t = new Thread(() -> {
                while (!stop.get()) writeOnce(admin, group, model);
            });
            t.start();
            writers.add(t);
        }
        long ms = 2500 + ThreadLocalRandom.current().nextLong(1500);
        Thread.sleep(ms);
        child.kill();
        stop.set(true);
        for (Thread t : writers) t.join(30_000);
        return ms;
    }

    private static void writeOnce(Api admin, long group, Model model) {
        int op = ThreadLocalRandom.current().nextInt(100);
        if (op < 35) createKey(admin, group, model);
        else if (op < 50) changeKey(admin, model, true);
        else if (op < 65) changeKey(admin, model, false);
        else toggleMembership(admin, group, model);
    }

    private static void createKey(Api admin, long group, Model model) {
        try {
            JsonNode k = admin.post("/api/api-key", Map.of("name", "k-" + java.util.UUID.randomUUID(), "group_id", group)).json();
            if (k.has("unmasked_key")) {
                synchronized (model) {
                    model.live.add(new Key(k.get("id").asLong(), k.get("unmasked_key").asText()));
                }
                model.acknowledged.incrementAndGet();
            }
        } catch (RuntimeException e) {
            // in flight at the kill: either outcome is allowed, and nothing refers to it
        }
    }

    /** Deletes or regenerates a key no other writer holds; a key whose change was in flight is dropped from the checks. */
    private static void changeKey(Api admin, Model model, boolean delete) {
        Key key;
        synchronized (model) {
            if (model.live.isEmpty()) return;
            key = model.live.remove(ThreadLocalRandom.current().nextInt(model.live.size()));
        }
        try {
            Api.Response r = delete ? admin.delete("/api/api-key/" + key.id()) : admin.put("/api/api-key/" + key.id() + "/regenerate", Map.of());
            if (r.status() / 100 != 2) throw new IllegalStateException("unexpected " + r.status() + " " + r.text());
            synchronized (model) {
                model.dead.add(key.plaintext());
                if (!delete) model.live.add(new Key(key.id(), r.json().get("unmasked_key").asText()));
            }
            model.acknowledged.incrementAndGet();
        } catch (java.io.UncheckedIOException e) {
            // in flight at the kill: the key is neither certainly alive nor certainly dead
        }
    }

    private static void toggleMembership(Api admin, long group, Model model) {
        long person;
        Long membership;
        synchronized (model) {
            if (model.freePeople.isEmpty()) return;
            person = model.freePeople.remove(ThreadLocalRandom.current().nextInt(model.freePeople.size()));
            membership = model.membershipOf.get(person);
        }
        try {
            Long now;
            if (membership == null) {
                JsonNode members = admin.post("/api/permissions/membership", Map.of("group_id", group, "user_id", person)).expect(200).json();
                now = null;
                for (JsonNode m : members) if (m.get("user_id").asLong() == person) now = m.get("membership_id").asLong();
                if (now == null) throw new IllegalStateException("membership of " + person + " missing from " + members);
            } else {
                admin.delete("/api/permissions/membership/" + membership).expect(204);
                now = null;
            }
            synchronized (model) {
                if (now == null) model.membershipOf.remove(person);
                else model.membershipOf.put(person, now);
                model.freePeople.add(person);
            }
            model.acknowledged.incrementAndGet();
        } catch (java.io.UncheckedIOException e) {
            synchronized (model) {
                model.uncertainPeople.add(person);
            }
        }
    }

    /** Every acknowledged write that the restarted server does not show, as a readable line. */
    private static List<String> lost(Api anonymous, Api admin, long group, Model model) {
        List<String> lost = new ArrayList<>();
        Set<Long> listed = new HashSet<>();
        for (JsonNode k : admin.get("/api/api-key").expect(200).json()) listed.add(k.get("id").asLong());
        synchronized (model) {
            for (Key k : model.live) {
                if (!listed.contains(k.id())) lost.add("created key " + k.id() + " is gone");
                else if (anonymous.withKey(k.plaintext()).get("/api/user/current").status() != 200) lost.add("key " + k.id() + " does not work");
            }
            int n = 0;
            for (String dead : model.dead) {
                // each check from its own address (the child trusts 127.0.0.1 as a proxy): the failed-key throttle
                // would otherwise answer 429 after 30 dead keys, which proves nothing
                Api client = anonymous.withKey(dead).header("X-Forwarded-For", "10.77." + (n / 250) + "." + (n++ % 250));
                int status = client.get("/api/user/current").status();
                if (status != 401) lost.add("a deleted or regenerated-away key answers " + status);
            }
            JsonNode all = admin.get("/api/permissions/membership").expect(200).json();
            for (Long person : model.freePeople) {
                if (model.uncertainPeople.contains(person)) continue;
                Long found = null;
                for (JsonNode m : all.path(Long.toString(person))) if (m.get("group_id").asLong() == group) found = m.get("membership_id").asLong();
                Long expected = model.membershipOf.get(person);
                if (!java.util.Objects.equals(found, expected)) lost.add("person " + person + " membership " + found + ", acknowledged " + expected);
            }
        }
        return lost;
    }

    /** Rows that point at nothing, read straight from the database while no server runs. */
    private static List<String> orphans(TestDatabase db) throws Exception {
        Map<String, String> checks = Map.of(
                "active key user without a key", "SELECT COUNT(*) FROM core_user u WHERE u.type = 'api-key' AND u.is_active = TRUE "
                        + "AND NOT EXISTS (SELECT 1 FROM api_key k WHERE k.user_id = u.id)",
                "key without a user", "SELECT COUNT(*) FROM api_key k WHERE NOT EXISTS (SELECT 1 FROM core_user u WHERE u.id = k.user_id)",
                "membership of a missing user", "SELECT COUNT(*) FROM permissions_group_membership m "
                        + "WHERE NOT EXISTS (SELECT 1 FROM core_user u WHERE u.id = m.user_id)",
                "membership of a missing group", "SELECT COUNT(*) FROM permissions_group_membership m "
                        + "WHERE NOT EXISTS (SELECT 1 FROM permissions_group g WHERE g.id = m.group_id)");
        List<String> found = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), null); Statement s = c.createStatement()) {
            for (var check : checks.entrySet()) {
                try (ResultSet rs = s.executeQuery(check.getValue())) {
                    rs.next();
                    if (rs.getLong(1) > 0) found.add(rs.getLong(1) + " × " + check.getKey());
                }
            }
        }
        return found;
    }
}
