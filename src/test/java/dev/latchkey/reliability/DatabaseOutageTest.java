package dev.latchkey.reliability;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;
import dev.latchkey.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The application database goes away (a TCP proxy between Latchkey and PostgreSQL/MariaDB is cut) and comes back.
 * Requests that need it answer 503 with a JSON body naming the cause; /api/health answers Metabase's 503; a cached
 * API key is trusted no longer than the cluster's fallback bound and then answers 503 too; nothing sensitive is logged; after the cut is restored everything works again without a
 * restart. H2 is embedded (there is no connection to cut), so this runs on PostgreSQL and MariaDB. Timings go to
 * target/reliability/outage-<db>.txt; the assertions allow for a loaded machine.
 */
class DatabaseOutageTest {
    static TcpProxy proxy;
    static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(!TestDatabase.KIND.equals("h2"), "H2 is embedded: no connection to cut");
        int dbPort = TestDatabase.KIND.startsWith("postgres") ? 5432 : 3306;
        proxy = new TcpProxy(dbPort);
        app = TestApp.start(c -> c.withDatabase(c.dbType(), c.jdbcUrl().replace(":" + dbPort + "/", ":" + proxy.port() + "/"),
                c.dbUser(), c.dbPassword()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) proxy.restore();
        if (app != null) app.close();
        if (proxy != null) proxy.close();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void an_outage_is_a_quick_503_health_says_so_stale_credentials_are_not_trusted_and_recovery_needs_no_restart() throws Exception {
        String key = app.api.as(app.admin).post("/api/api-key", Map.of("name", "outage", "group_id", 1)).expect(200)
                .json().get("unmasked_key").asText();
        app.api.withKey(key).get("/api/user/current").expect(200);
        String session = app.login(TestApp.MEMBER_EMAIL, TestApp.PASSWORD);
        Logger logger = (Logger) LoggerFactory.getLogger("dev.latchkey");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        long worst;
        long healthMs;
        long recoveryMs;
        try {
            proxy.cut();
            long cutAt = System.nanoTime();
            worst = 0;
            for (int i = 0; i < 3; i++) {
                long t = System.nanoTime();
                Api.Response r = app.api.as(app.admin).get("/api/permissions/group");
                worst = Math.max(worst, (System.nanoTime() - t) / 1_000_000);
                assertThat(r.status()).isEqualTo(503);
                assertThat(r.header("Retry-After")).isNotNull();
                JsonNode body = r.json();
                assertThat(body.get("cause").asText()).isEqualTo("Unable to get app-db connection");
                assertThat(body.get("message").asText()).contains("database");
            }
            app.api.withSession(session).get("/api/user/current").expect(503);
            long t = System.nanoTime();
            Api.Response health = app.api.anonymous().get("/api/health").expect(503);
            healthMs = (System.nanoTime() - t) / 1_000_000;
            assertThat(health.json().toString()).isEqualTo("{\"status\":\"Unable to get app-db connection\"}");
            // The cluster's safety bound wins over availability: this instance can no longer hear of revocations
            // made elsewhere, so once Invalidations.FALLBACK_TTL_MS has passed a cached key is not trusted and is
            // checked against the database, which answers 503 (never a stale 200).
            long bound = Math.max(dev.latchkey.cluster.Invalidations.FALLBACK_TTL_MS, dev.latchkey.cluster.Invalidations.LIVE_WINDOW_MS);
            long cutFor = (System.nanoTime() - cutAt) / 1_000_000;
            if (cutFor < bound + 500) Thread.sleep(bound + 500 - cutFor);
            app.api.withKey(key).get("/api/user/current").expect(503);

            proxy.restore();
            long back = System.nanoTime();
            while (app.api.anonymous().get("/api/health").status() != 200
                    || app.api.as(app.admin).get("/api/permissions/group").status() != 200) {
                assertThat(System.nanoTime() - back).as("recovered within 15 s").isLessThan(TimeUnit.SECONDS.toNanos(15));
                Thread.sleep(50);
            }
            recoveryMs = (System.nanoTime() - back) / 1_000_000;
        } finally {
            logger.detachAppender(logs);
        }
        app.api.withSession(session).get("/api/user/current").expect(200);
        assertThat(worst).as("503 answer time (ms) while the database is cut").isLessThan(6_000);
        String hashOfSession = dev.latchkey.core.Hashing.sha256Hex(session);
        assertThat(logs.list).isNotEmpty().allSatisfy(e -> {
            assertThat(e.getThrowableProxy()).as(e.getFormattedMessage()).isNull();
            assertThat(e.getFormattedMessage()).doesNotContainIgnoringCase("select").doesNotContain(session).doesNotContain(hashOfSession);
        });
        Files.writeString(ChildServer.logFile("outage-" + TestDatabase.KIND + ".txt"), String.format(
                "%s: database cut: 503 after at most %d ms; /api/health 503 after %d ms; back: all answering within %d ms%n",
                TestDatabase.KIND, worst, healthMs, recoveryMs));
    }
}
