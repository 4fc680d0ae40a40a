package dev.latchkey.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;
import dev.latchkey.support.TestDatabase;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several instances of the real application on one PostgreSQL or MariaDB database (H2 is single-instance: tests
 * using this are skipped there), and a stopwatch for "a change made on one is seen on the others".
 */
final class Cluster implements AutoCloseable {
    final List<TestApp> apps = new ArrayList<>();
    /** kind of change → delays in ms (the slowest other instance, per trial). */
    final Map<String, List<Long>> delays = new TreeMap<>();

    static void assumeSharedDatabase() {
        Assumptions.assumeFalse(TestDatabase.KIND.equals("h2"), "H2 is single-instance: nothing to propagate");
    }

    Cluster(int size) { this(size, c -> c); }

    /** Instances started with a configuration tweak (the same for each: they share the first one's configuration). */
    Cluster(int size, java.util.function.UnaryOperator<dev.latchkey.app.Config> tweak) {
        apps.add(TestApp.start(tweak));
        for (int i = 1; i < size; i++) apps.add(apps.get(0).peer());
        awaitConnected();
    }

    /** Every instance's channel is live and knows every other instance (so writers wait for them all). */
    void awaitConnected() {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            boolean ready = apps.stream().allMatch(a -> a.app.invalidations().channelLive()
                    && a.app.invalidations().livePeers().size() == apps.size() - 1);
            if (ready) return;
            sleep(50);
        }
        throw new AssertionError("the instances did not connect their invalidation channels within 20 s");
    }

    TestApp get(int i) { return apps.get(Math.floorMod(i, apps.size())); }

    Api admin(int i) { return get(i).api.as(get(i).admin); }

    /**
     * Runs the change on instance {@code origin} and then polls every other instance until {@code seen} holds there;
     * records (and returns) how long the slowest one took after the change returned. Fails after 5 s.
     */
    long measure(String kind, int origin, Runnable change, Predicate<Api> seen) {
        change.run();
        long start = System.nanoTime();
        long slowest = 0;
        for (int j = 1; j < apps.size(); j++) {
            Api other = get(origin + j).api;
            while (!seen.test(other)) {
                long waited = (System.nanoTime() - start) / 1_000_000;
                if (waited > 5_000) throw new AssertionError(kind + ": instance " + (origin + j) % apps.size() + " still stale after 5 s");
                Thread.onSpinWait();
            }
            slowest = Math.max(slowest, (System.nanoTime() - start) / 1_000_000);
        }
        delays.computeIfAbsent(kind, k -> new ArrayList<>()).add(slowest);
        return slowest;
    }

    /** Writes the distribution of every kind to target/&lt;file&gt;-&lt;db&gt;.txt and returns the overall maximum. */
    long report(String file) {
        StringBuilder out = new StringBuilder("instances: " + apps.size() + ", database: " + TestDatabase.KIND + "\n");
        long max = 0;
        for (var e : delays.entrySet()) {
            List<Long> d = new ArrayList<>(e.getValue());
            Collections.sort(d);
            long m = d.get(d.size() - 1);
            max = Math.max(max, m);
            out.append(String.format("%-36s trials %4d  p50 %4d ms  p99 %4d ms  max %4d ms%n", e.getKey(), d.size(),
                    d.get(d.size() / 2), d.get((int) Math.ceil(d.size() * 0.99) - 1), m));
        }
        try {
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", file + "-" + TestDatabase.KIND + ".txt"), out.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        System.out.print(out);
        return max;
    }

    // ---- seeding through the API ----

    /** A new key in the group, made on instance i: {id, key}. */
    JsonNode newKey(int i, long groupId) {
        return admin(i).post("/api/api-key", Map.of("name", "k " + UUID.randomUUID(), "group_id", groupId)).expect(200).json();
    }

    long newGroup(int i) {
        return admin(i).post("/api/permissions/group", Map.of("name", "g " + UUID.randomUUID())).expect(200).json().get("id").asLong();
    }

    /** A new person with the test password: {id, email}. */
    JsonNode newPerson(int i) {
        return admin(i).post("/api/user", Map.of("email", "p" + UUID.randomUUID() + "@example.com", "first_name", "P",
                "last_name", "Q", "password", TestApp.PASSWORD)).expect(200).json();
    }

    String login(int i, String email) { return get(i).login(email, TestApp.PASSWORD); }

    /** Every instance answers 200 for this caller on this path (so each has it cached). */
    void warm(Api.Caller caller, String path, int status) {
        for (TestApp a : apps) a.api.as(caller).get(path).expect(status);
    }

    @Override
    public void close() {
        for (int i = apps.size() - 1; i > 0; i--) apps.get(i).stopPeer();
        if (!apps.isEmpty()) apps.get(0).close();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void assertWithinOneSecond(long max) { assertThat(max).as("slowest propagation (ms)").isLessThan(1_000); }
}
