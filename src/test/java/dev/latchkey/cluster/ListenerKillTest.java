package dev.latchkey.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;

import static dev.latchkey.support.TestApp.key;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL: the listener connections are killed with pg_terminate_backend while keys are revoked. No instance
 * serves a revoked key longer than the documented bound for a lost channel ({@value Invalidations#FALLBACK_TTL_MS}
 * ms), and once the listeners are back, propagation is again within 1 s.
 */
class ListenerKillTest {
    static final int TRIALS = 20;
    static Cluster cluster;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(TestDatabase.KIND.startsWith("postgres"), "pg_terminate_backend is PostgreSQL's");
        cluster = new Cluster(2);
    }

    @AfterAll
    static void stop() {
        if (cluster == null) return;
        cluster.report("cluster-listener-kill");
        cluster.close();
    }

    /** Terminates every invalidation listener on the test database; returns how many it found. */
    static int killListeners() {
        var db = cluster.get(0).database;
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), null); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity "
                     + "WHERE application_name = 'latchkey-invalidations' AND datname = current_database()")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void a_key_revoked_while_the_listeners_are_killed_is_refused_within_the_bound() {
        int killed = 0;
        for (int i = 0; i < TRIALS; i++) {
            JsonNode k = cluster.newKey(i, 1);
            String plain = k.get("unmasked_key").asText();
            cluster.warm(key(plain), "/api/user/current", 200);
            int origin = i;
            long pause = (i % 4) * 40L; // kill before, during and just after the revocation
            CompletableFuture<Integer> kill = CompletableFuture.supplyAsync(() -> {
                Cluster.sleep(pause);
                return killListeners();
            });
            if (i % 2 == 0) killed += kill.join();
            long delay = cluster.measure("key delete, listeners killed", i,
                    () -> cluster.admin(origin).delete("/api/api-key/" + k.get("id").asLong()).expect(204),
                    api -> api.withKey(plain).get("/api/user/current").status() == 401);
            if (i % 2 != 0) killed += kill.join();
            assertThat(delay).as("trial %d", i).isLessThan(Invalidations.FALLBACK_TTL_MS);
        }
        assertThat(killed).as("listener connections terminated").isGreaterThanOrEqualTo(TRIALS);
    }

    @Test
    void after_the_listeners_reconnect_propagation_is_within_one_second_again() {
        killListeners();
        cluster.awaitConnected();
        for (int i = 0; i < TRIALS; i++) {
            JsonNode k = cluster.newKey(i, 1);
            String plain = k.get("unmasked_key").asText();
            cluster.warm(key(plain), "/api/user/current", 200);
            int origin = i;
            long delay = cluster.measure("key delete, after reconnect", i,
                    () -> cluster.admin(origin).delete("/api/api-key/" + k.get("id").asLong()).expect(204),
                    api -> api.withKey(plain).get("/api/user/current").status() == 401);
            assertThat(delay).isLessThan(1_000);
        }
    }
}
