package dev.latchkey.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.apikeys.ApiKeySecrets;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin commands, run as `latchkey <command>` against a configured database without the web server. */
class AdminCommandsTest {
    static TestApp app;

    @BeforeAll
    static void start() { app = TestApp.start(); }

    @AfterAll
    static void stop() { app.close(); }

    record Run(int exit, String out, String err) {}

    static Run latchkey(Supplier<Config> config, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine(config, () -> new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Run latchkey(String... args) { return latchkey(() -> app.database.config(), "", args); }

    static JsonNode lastAudit(String topic) {
        return app.api.as(app.admin).get("/api/audit-log?topic=" + topic + "&limit=1").expect(200).json().get("data").get(0);
    }

    @Nested
    class Api_key_create {
        @Test
        void prints_only_the_key_which_works_and_is_audited_as_the_cli() {
            Run run = latchkey("api-key", "create", "--name", "From the CLI", "--group", "admin");
            assertThat(run.exit()).as(run.err()).isZero();
            String key = run.out().strip();
            assertThat(run.out()).isEqualTo(key + System.lineSeparator());
            assertThat(key).matches(ApiKeySecrets.REGEX.replace("\\b", ""));
            assertThat(app.api.withKey(key).get("/api/user/current").expect(200).json().get("is_superuser").asBoolean()).isTrue();
            JsonNode audit = lastAudit("api-key-create");
            assertThat(audit.get("source").asText()).isEqualTo("cli");
            assertThat(audit.at("/details/name").asText()).isEqualTo("From the CLI");
        }

        @Test
        void takes_a_group_by_name() {
            app.api.as(app.admin).post("/api/permissions/group", Map.of("name", "Reporting")).expect(200);
            Run run = latchkey("api-key", "create", "--name", "Reports key", "--group", "reporting");
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(app.api.withKey(run.out().strip()).get("/api/user/current").expect(200).json().get("is_superuser").asBoolean()).isFalse();
        }

        @Test
        void an_unknown_group_or_a_taken_name_is_refused_with_exit_1_and_nothing_on_stdout() {
            Run noGroup = latchkey("api-key", "create", "--name", "Nowhere", "--group", "no such group");
            assertThat(noGroup.exit()).isEqualTo(1);
            assertThat(noGroup.out()).isEmpty();
            assertThat(noGroup.err()).contains("group: No group is named no such group");
            assertThat(latchkey("api-key", "create", "--name", "Twice", "--group", "all-users").exit()).isZero();
            Run twice = latchkey("api-key", "create", "--name", "twice", "--group", "all-users");
            assertThat(twice.exit()).isEqualTo(1);
            assertThat(twice.out()).isEmpty();
            assertThat(twice.err()).contains("name: An API key with this name already exists.");
        }

        @Test
        void expires_in_sets_the_keys_expiry_and_a_bad_lifetime_is_refused() {
            Run run = latchkey("api-key", "create", "--name", "Ninety days", "--group", "all-users", "--expires-in", "90d");
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.err()).contains("expiring");
            JsonNode listed = null;
            for (JsonNode k : app.api.as(app.admin).get("/api/api-key").expect(200).json()) {
                if (k.get("name").asText().equals("Ninety days")) listed = k;
            }
            long expires = java.time.Instant.parse(listed.get("expires_at").asText()).toEpochMilli();
            assertThat(expires - System.currentTimeMillis()).isBetween(java.time.Duration.ofDays(89).toMillis(), java.time.Duration.ofDays(90).toMillis());
            assertThat(java.time.Instant.parse(lastAudit("api-key-create").at("/details/expires_at").asText()).toEpochMilli()).isEqualTo(expires);
            for (String bad : new String[] {"0d", "soon", "P99999D", "PT-5H"}) {
                Run refused = latchkey("api-key", "create", "--name", "Bad " + bad, "--group", "all-users", "--expires-in", bad);
                assertThat(refused.exit()).as(bad).isEqualTo(1);
                assertThat(refused.out()).isEmpty();
                assertThat(refused.err()).contains("--expires-in must be a positive lifetime");
            }
        }

        @Test
        void a_missing_option_is_a_usage_error_with_exit_2() {
            Run run = latchkey("api-key", "create", "--name", "No group");
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).contains("Missing required option: '--group=<group>'");
        }
    }

    @Nested
    class Api_key_list_and_delete {
        @Test
        void list_shows_masked_keys_and_delete_by_name_stops_the_key() {
            String key = latchkey("api-key", "create", "--name", "Short lived", "--group", "all-users").out().strip();
            Run list = latchkey("api-key", "list");
            assertThat(list.exit()).isZero();
            assertThat(list.out()).contains("\tShort lived").contains(ApiKeySecrets.mask(ApiKeySecrets.parse(key).keyId())).doesNotContain(key);
            Run delete = latchkey("api-key", "delete", "short lived");
            assertThat(delete.exit()).as(delete.err()).isZero();
            app.api.withKey(key).get("/api/user/current").expect(401);
            assertThat(lastAudit("api-key-delete").get("source").asText()).isEqualTo("cli");
            assertThat(latchkey("api-key", "delete", "short lived").exit()).isEqualTo(1);
        }

        @Test
        void delete_takes_an_id() {
            latchkey("api-key", "create", "--name", "By id", "--group", "all-users");
            String id = latchkey("api-key", "list").out().lines().filter(l -> l.endsWith("\tBy id")).findFirst().orElseThrow().split("\t")[0];
            assertThat(latchkey("api-key", "delete", id).exit()).isZero();
            assertThat(latchkey("api-key", "list").out()).doesNotContain("\tBy id");
        }
    }

    @Nested
    class Api_key_generate {
        @Test
        void prints_a_key_and_the_digest_that_names_it_without_any_database() {
            Run run = latchkey(() -> { throw new AssertionError("generate must not read the configuration"); }, "", "api-key", "generate");
            assertThat(run.exit()).isZero();
            String[] lines = run.out().strip().split("\\R");
            assertThat(lines[0]).startsWith("key: lk_");
            assertThat(lines[1]).startsWith("key_sha256: lk_");
            String key = lines[0].substring("key: ".length());
            assertThat(ApiKeySecrets.Stored.ofDigest(lines[1].substring("key_sha256: ".length()))).isEqualTo(ApiKeySecrets.Stored.ofKey(key));
        }

        @Test
        void works_from_a_child_process_as_from_the_jar() throws Exception {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(), "api-key", "generate").start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
            assertThat(out).startsWith("key: lk_").contains("\nkey_sha256: lk_");
        }
    }

    @Nested
    class Reset_password {
        @Test
        void sets_the_password_from_stdin_ends_sessions_and_is_audited_as_the_cli() {
            app.api.as(app.admin).post("/api/user", Map.of("email", "locked@example.com", "first_name", "Locked", "last_name", "Out",
                    "password", TestApp.PASSWORD)).expect(200);
            String session = app.login("locked@example.com", TestApp.PASSWORD);
            Run run = latchkey(() -> app.database.config(), "Brand-new-passw0rd\n", "reset-password", "locked@example.com", "--password-stdin");
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).isEmpty();
            app.api.as(TestApp.session(session)).get("/api/user/current").expect(401);
            app.login("locked@example.com", "Brand-new-passw0rd");
            assertThat(lastAudit("user-password-update").get("source").asText()).isEqualTo("cli");
        }

        @Test
        void without_stdin_prints_a_new_random_password_once_even_for_the_only_admin() {
            Run run = latchkey("reset-password", TestApp.ADMIN_EMAIL);
            assertThat(run.exit()).as(run.err()).isZero();
            String password = run.out().strip();
            assertThat(password).hasSizeGreaterThanOrEqualTo(24);
            app.login(TestApp.ADMIN_EMAIL, password);
            latchkey(() -> app.database.config(), TestApp.PASSWORD + "\n", "reset-password", TestApp.ADMIN_EMAIL, "--password-stdin");
            app.login(TestApp.ADMIN_EMAIL, TestApp.PASSWORD);
        }

        @Test
        void an_unknown_email_or_a_weak_password_is_refused_with_exit_1() {
            Run unknown = latchkey("reset-password", "nobody@example.com");
            assertThat(unknown.exit()).isEqualTo(1);
            assertThat(unknown.err()).contains("No person has the email nobody@example.com.");
            Run weak = latchkey(() -> app.database.config(), "password\n", "reset-password", TestApp.MEMBER_EMAIL, "--password-stdin");
            assertThat(weak.exit()).isEqualTo(1);
            assertThat(weak.err()).contains("password: ");
            app.login(TestApp.MEMBER_EMAIL, TestApp.PASSWORD);
        }
    }

    @Nested
    class Setup_and_migrate {
        @Test
        void setup_creates_the_first_admin_once() {
            try (TestApp fresh = TestApp.startUnseeded()) {
                Supplier<Config> config = () -> fresh.database.config();
                Run early = latchkey(config, "", "api-key", "list");
                assertThat(early.exit()).isEqualTo(2);
                assertThat(early.err()).contains("not set up yet");
                Run setup = latchkey(config, "Headless-passw0rd\n", "setup", "--email", "ops@example.com", "--first-name", "Op",
                        "--last-name", "Erator", "--site-name", "Headless", "--password-stdin");
                assertThat(setup.exit()).as(setup.err()).isZero();
                String session = fresh.login("ops@example.com", "Headless-passw0rd");
                JsonNode me = fresh.api.as(TestApp.session(session)).get("/api/user/current").expect(200).json();
                assertThat(me.get("is_superuser").asBoolean()).isTrue();
                assertThat(fresh.api.anonymous().get("/api/session/properties").expect(200).json().get("has-user-setup").asBoolean()).isTrue();
                Run again = latchkey(config, "Headless-passw0rd\n", "setup", "--email", "other@example.com", "--first-name", "O",
                        "--last-name", "T", "--password-stdin");
                assertThat(again.exit()).isEqualTo(1);
                assertThat(again.err()).contains("can only be used to create the first user");
            }
        }

        @Test
        void migrate_status_lists_every_migration_as_applied() {
            Run run = latchkey("migrate", "status");
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).contains("1\tSuccess").contains("50\tSuccess\t").contains("audit source");
            assertThat(run.err()).contains("up to date");
        }

        @Test
        void a_bad_configuration_is_exit_2() {
            Run run = latchkey(() -> Config.fromEnv(Map.of("MB_DB_TYPE", "oracle")), "", "api-key", "list");
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).contains("Latchkey cannot start: MB_DB_TYPE must be h2, postgres or mysql");
        }
    }
}
