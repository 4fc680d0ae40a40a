package dev.latchkey.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.apikeys.ApiKeySecrets;
import dev.latchkey.app.App;
import dev.latchkey.app.Config;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MB_CONFIG_FILE_PATH: Metabase's config.yml shape applied at start-up, idempotently, all or nothing. */
class ProvisioningTest {
    static TestApp app;
    @TempDir static Path dir;
    static final String METABASE_KEY = "mb_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789+/abcdEFGH=";
    static final ApiKeySecrets.Generated OFFLINE = new ApiKeySecrets().generate();
    static final ApiKeySecrets.Generated PLAIN = new ApiKeySecrets().generate();

    @BeforeAll
    static void start() { app = TestApp.start(); }

    @AfterAll
    static void stop() { app.close(); }

    static Path file(String name, String yaml) {
        try {
            return Files.writeString(dir.resolve(name), yaml);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Starts another app on the same database with MB_CONFIG_FILE_PATH set, as a restart with the file would. */
    static App startWith(Path file) {
        Config config = app.database.config();
        App started = new App(config.withOperations(config.ops().withConfigFile(file)));
        try {
            return started.start();
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
    }

    static long auditRows() { return app.api.as(app.admin).get("/api/audit-log?limit=1").expect(200).json().get("total").asLong(); }

    static String fullConfig() {
        return """
                version: 1
                config:
                  settings:
                    site-name: "{{ env LATCHKEY_TEST_DB }} provisioned"
                    anon-tracking-enabled: false
                  users:
                    - first_name: Prov
                      last_name: Isioned
                      email: provisioned@example.com
                      password: Provisioned-passw0rd
                  api-keys:
                    - name: Metabase key
                      key: %s
                      creator: %s
                      group: admin
                    - name: Offline key
                      key_sha256: %s
                      creator: %s
                      group: all-users
                    - name: Plain key
                      key: {{env PLAIN_KEY_NOT_SET_USE_FILE}}
                      creator: %s
                      group: admin
                  databases:
                    - name: ignored
                """.formatted(METABASE_KEY, TestApp.ADMIN_EMAIL,
                new ApiKeySecrets.Stored(OFFLINE.keyId(), OFFLINE.secretHashHex()).digest(), TestApp.ADMIN_EMAIL, TestApp.ADMIN_EMAIL)
                .replace("{{env PLAIN_KEY_NOT_SET_USE_FILE}}", PLAIN.plaintext());
    }

    @Test
    void a_metabase_config_file_provisions_settings_people_and_keys_stored_as_digests_and_reapplying_changes_nothing() {
        Path file = file("config.yml", fullConfig());
        try (App provisioned = startWith(file)) {
            Api api = Api.at("http://localhost:" + provisioned.port());
            JsonNode viaMb = api.withKey(METABASE_KEY).get("/api/user/current").expect(200).json();
            assertThat(viaMb.get("is_superuser").asBoolean()).isTrue();
            assertThat(api.withKey(OFFLINE.plaintext()).get("/api/user/current").expect(200).json().get("is_superuser").asBoolean()).isFalse();
            api.withKey(PLAIN.plaintext()).get("/api/api-key").expect(200);
            api.withKey(METABASE_KEY.substring(0, METABASE_KEY.length() - 2) + "X=").get("/api/user/current").expect(401);
            app.login("provisioned@example.com", "Provisioned-passw0rd");
            String site = api.withKey(METABASE_KEY).get("/api/session/properties").expect(200).json().get("site-name").asText();
            assertThat(site).isEqualTo(System.getenv("LATCHKEY_TEST_DB") + " provisioned");

            JsonNode keys = api.withKey(METABASE_KEY).get("/api/api-key").expect(200).json();
            String listed = keys.toString();
            assertThat(listed).doesNotContain(METABASE_KEY.substring(3)).doesNotContain(PLAIN.plaintext().substring(18));
            assertThat(listed).contains("\"masked_key\":\"mb_");
            JsonNode audit = api.withKey(METABASE_KEY).get("/api/audit-log?topic=api-key-create&limit=1").expect(200).json().at("/data/0");
            assertThat(audit.get("source").asText()).isEqualTo("config-file");
        }
        long rows = auditRows();
        // last_used_at moves with every use of a key (the second start-up uses one), and is not the file's doing
        String keysBefore = withoutLastUse(app.api.as(app.admin).get("/api/api-key").expect(200).json().toString());
        try (App again = startWith(file)) {
            Api.at("http://localhost:" + again.port()).withKey(METABASE_KEY).get("/api/user/current").expect(200);
        }
        assertThat(auditRows()).isEqualTo(rows);
        assertThat(withoutLastUse(app.api.as(app.admin).get("/api/api-key").expect(200).json().toString())).isEqualTo(keysBefore);
    }

    static String withoutLastUse(String keysJson) { return keysJson.replaceAll("\"last_used_at\":(null|\"[^\"]*\")", ""); }

    @Test
    void a_bad_entry_stops_start_up_naming_line_and_field_and_nothing_is_applied() {
        ApiKeySecrets.Generated good = new ApiKeySecrets().generate();
        Path file = file("bad.yml", """
                version: 1
                config:
                  users:
                    - email: never-created@example.com
                      password: Provisioned-passw0rd
                  api-keys:
                    - name: Would be fine
                      key: %s
                      creator: %s
                      group: admin
                    - name: Broken
                      key: lk_not_a_key
                      creator: %s
                      group: admin
                """.formatted(good.plaintext(), TestApp.ADMIN_EMAIL, TestApp.ADMIN_EMAIL));
        long rows = auditRows();
        assertThatThrownBy(() -> startWith(file)).isInstanceOf(Config.ConfigException.class)
                .hasMessageContaining("bad.yml: line 12, config.api-keys[1].key: must be a Latchkey key")
                .hasMessageContaining("nothing in the file was applied");
        assertThat(auditRows()).isEqualTo(rows);
        app.api.withKey(good.plaintext()).get("/api/user/current").expect(401);
        app.api.anonymous().post("/api/session", java.util.Map.of("username", "never-created@example.com", "password", "Provisioned-passw0rd")).expect(401);
    }

    @Test
    void a_problem_found_while_applying_rolls_back_what_came_before() {
        ApiKeySecrets.Generated first = new ApiKeySecrets().generate();
        Path file = file("late.yml", """
                version: 1
                config:
                  settings:
                    site-name: Should not stick
                  api-keys:
                    - name: Rolled back
                      key: %s
                      creator: %s
                      group: admin
                    - name: No such group
                      key: %s
                      creator: %s
                      group: Does Not Exist
                """.formatted(first.plaintext(), TestApp.ADMIN_EMAIL, new ApiKeySecrets().generate().plaintext(), TestApp.ADMIN_EMAIL));
        assertThatThrownBy(() -> startWith(file)).isInstanceOf(Config.ConfigException.class)
                .hasMessageContaining("line 13, config.api-keys[1].group: no group is named Does Not Exist");
        app.api.withKey(first.plaintext()).get("/api/user/current").expect(401);
        assertThat(app.api.as(app.admin).get("/api/session/properties").expect(200).json().get("site-name").asText()).isNotEqualTo("Should not stick");
    }

    @Test
    void each_kind_of_mistake_names_its_line_and_field() {
        assertRefused("version: 2\n", "line 1, version: must be 1");
        assertRefused("config: {}\n", "missing version");
        assertRefused("version: 1\nconfig:\n  api-keys:\n    - name: x\n      kye: y\n", "line 5, config.api-keys[0].kye: unknown field kye");
        assertRefused("version: 1\nconfig:\n  api-keys:\n    - name: x\n      group: admin\n      creator: a@b.c\n",
                "line 4, config.api-keys[0]: give exactly one of key and key_sha256");
        assertRefused("version: 1\nconfig:\n  api-keys:\n    - name: x\n      group: admin\n      creator: a@b.c\n      key_sha256: deadbeef\n",
                "line 7, config.api-keys[0].key_sha256: must be lk_<key id>:<64 lower-case hex digits>");
        assertRefused("version: 1\nconfig:\n  users:\n    - email: a@b.c\n      password: \"{{env SURELY_NOT_SET_16}}\"\n",
                "line 5, config.users[0].password: the environment variable SURELY_NOT_SET_16 is not set");
        assertRefused("version: 1\nconfig:\n  users: [\n", "invalid YAML");
        assertRefused("version: 1\nconfig:\n  groups: []\n", "line 3, config.groups: unknown section groups");
        assertRefused("version: 1\nconfig:\n  api-keys:\n    - name: x\n      group: admin\n      creator: nobody@example.com\n      key: "
                + new ApiKeySecrets().generate().plaintext() + "\n", "line 6, config.api-keys[0].creator: no person has the email nobody@example.com");
        assertRefused("version: 1\nconfig:\n  api-keys:\n    - name: x\n      group: admin\n      creator: " + TestApp.MEMBER_EMAIL + "\n      key: "
                + new ApiKeySecrets().generate().plaintext() + "\n", "is not an active admin");
    }

    @Test
    void a_key_may_carry_expires_at_which_is_checked_like_the_apis() {
        String key = new ApiKeySecrets().generate().plaintext();
        String entry = "version: 1\nconfig:\n  api-keys:\n    - name: Expiring %s\n      group: all-users\n      creator: "
                + TestApp.ADMIN_EMAIL + "\n      key: " + key + "\n      expires_at: %s\n";
        assertRefused(entry.formatted("a", "soon"), "config.api-keys[0].expires_at: must be an ISO-8601 date-time");
        assertRefused(entry.formatted("b", "2001-01-01T00:00:00Z"), "config.api-keys[0].key: expires_at must be in the future.");
        try (App provisioned = startWith(file("expiring.yml", entry.formatted("c", "2099-01-01T00:00:00Z")))) {
            Api.at("http://localhost:" + provisioned.port()).withKey(key).get("/api/user/current").expect(200);
            JsonNode keys = app.api.as(app.admin).get("/api/api-key").expect(200).json();
            boolean found = false;
            for (JsonNode k : keys) {
                if (k.get("name").asText().equals("Expiring c")) {
                    assertThat(k.get("expires_at").asText()).isEqualTo("2099-01-01T00:00:00Z");
                    found = true;
                }
            }
            assertThat(found).isTrue();
        }
    }

    private static void assertRefused(String yaml, String message) {
        Path file = file("refused.yml", yaml);
        assertThatThrownBy(() -> startWith(file)).isInstanceOf(Config.ConfigException.class).hasMessageContaining(message);
    }

    @Test
    void the_variable_must_name_a_readable_file() {
        assertThatThrownBy(() -> Config.fromEnv(java.util.Map.of("MB_CONFIG_FILE_PATH", dir.resolve("missing.yml").toString())))
                .isInstanceOf(Config.ConfigException.class).hasMessageContaining("MB_CONFIG_FILE_PATH names a file that cannot be read");
    }
}
