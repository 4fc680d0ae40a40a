package dev.latchkey.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.app.Config;
import dev.latchkey.core.Hashing;
import dev.latchkey.core.Json;
import dev.latchkey.support.Api;
import dev.latchkey.support.SecretScanning;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * POST /api/api-key/leaked with GitHub's secret-scanning payload, signed with a key pair generated here and
 * configured as GitHub's published keys would be (LATCHKEY_SECRET_SCANNING_KEYS).
 */
class LeakedKeysTest {
    static final String KEY_ID = SecretScanning.KEY_ID;
    static final String PATH = SecretScanning.PATH;
    static final AtomicInteger clients = new AtomicInteger(1);
    static SecretScanning scanning;
    static KeyPair github;
    static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        scanning = new SecretScanning();
        github = scanning.pair;
        app = TestApp.start(c -> c.withProxy(new Config.Proxy("X-Forwarded-For", List.of("127.0.0.1")))
                .withOperations(c.ops().withSecretScanningKeys(scanning.keysFile)));
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        scanning.close();
    }

    static KeyPair ecKeyPair() throws Exception { return SecretScanning.newKeyPair(); }

    static String sign(KeyPair pair, String body) throws Exception { return SecretScanning.sign(pair, body); }

    static String alert(String... tokens) { return SecretScanning.alert(tokens); }

    /** A client of its own for each report, so the per-client rate limit of one test does not touch another. */
    static Api github() { return app.api.anonymous().header("X-Forwarded-For", "203.0.113." + clients.incrementAndGet()); }

    static Api.Response report(Api client, String body) throws Exception { return scanning.report(client, body); }

    static JsonNode createKey() {
        return app.api.as(app.admin).post("/api/api-key", Map.of("name", "key " + UUID.randomUUID(), "group_id", 1)).expect(200).json();
    }

    static JsonNode listed(long id) {
        for (JsonNode k : app.api.as(app.admin).get("/api/api-key").expect(200).json()) if (k.get("id").asLong() == id) return k;
        throw new AssertionError("key " + id + " is not listed");
    }

    static List<JsonNode> auditOf(long keyId) {
        JsonNode page = app.api.as(app.admin).get("/api/audit-log?model=ApiKey&topic=api-key-revoke&model_id=" + keyId).expect(200).json();
        return java.util.stream.StreamSupport.stream(page.get("data").spliterator(), false).toList();
    }

    @Nested
    class A_signed_report {
        @Test
        void revokes_the_key_at_once_keeps_it_listed_with_the_report_url_and_audits_url_and_source() throws Exception {
            JsonNode key = createKey();
            String plain = key.get("unmasked_key").asText();
            app.api.withKey(plain).get("/api/user/current").expect(200); // cached now: the revocation must drop it
            JsonNode feedback = report(github(), alert(plain)).expect(200).json();
            assertThat(feedback).isEqualTo(Json.read(Json.write(List.of(Map.of("token_hash", Hashing.sha256Hex(plain),
                    "token_type", "latchkey_api_key", "label", "true_positive")))));
            app.api.withKey(plain).get("/api/user/current").expect(401);
            app.api.anonymous().header("X-API-Key", plain).get("/api/auth/verify").expect(401);
            JsonNode revoked = listed(key.get("id").asLong()).get("revoked");
            assertThat(revoked.get("reason").asText()).isEqualTo("leaked");
            assertThat(revoked.get("url").asText()).isEqualTo(SecretScanning.URL);
            assertThat(revoked.get("source").asText()).isEqualTo("content");
            assertThat(revoked.get("at").asText()).isNotBlank();
            List<JsonNode> events = auditOf(key.get("id").asLong());
            assertThat(events).hasSize(1);
            assertThat(events.get(0).get("details").get("url").asText()).isEqualTo(revoked.get("url").asText());
            assertThat(events.get(0).get("details").get("source").asText()).isEqualTo("content");
            assertThat(events.get(0).get("details").get("key_prefix").asText()).isEqualTo(plain.substring(0, 17));
        }

        @Test
        void answers_each_token_in_order_revoking_every_key_it_names_and_nothing_else() throws Exception {
            String a = createKey().get("unmasked_key").asText();
            String b = createKey().get("unmasked_key").asText();
            String bystander = createKey().get("unmasked_key").asText();
            String unknown = new dev.latchkey.apikeys.ApiKeySecrets().generate().plaintext();
            String wrongSecret = a.substring(0, 20) + bystander.substring(20);
            List<String> tokens = List.of(a, "not a key at all", unknown, "mb_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", b, wrongSecret, "");
            JsonNode feedback = report(github(), alert(tokens.toArray(String[]::new))).expect(200).json();
            assertThat(feedback).hasSize(tokens.size());
            for (int i = 0; i < tokens.size(); i++) {
                assertThat(feedback.get(i).get("token_hash").asText()).isEqualTo(Hashing.sha256Hex(tokens.get(i)));
                assertThat(feedback.get(i).get("label").asText()).as(tokens.get(i))
                        .isEqualTo(i == 0 || i == 4 ? "true_positive" : "false_positive");
            }
            app.api.withKey(a).get("/api/user/current").expect(401);
            app.api.withKey(b).get("/api/user/current").expect(401);
            app.api.withKey(bystander).get("/api/user/current").expect(200);
        }

        @Test
        void of_a_key_already_revoked_is_a_true_positive_that_writes_nothing_more() throws Exception {
            JsonNode key = createKey();
            String plain = key.get("unmasked_key").asText();
            report(github(), alert(plain)).expect(200);
            JsonNode again = report(github(), alert(plain, plain)).expect(200).json();
            assertThat(again.get(0).get("label").asText()).isEqualTo("true_positive");
            assertThat(again.get(1).get("label").asText()).isEqualTo("true_positive");
            assertThat(auditOf(key.get("id").asLong())).hasSize(1);
        }

        @Test
        void leaves_a_key_that_regenerate_brings_back_with_a_new_secret_and_no_mark() throws Exception {
            JsonNode key = createKey();
            long id = key.get("id").asLong();
            report(github(), alert(key.get("unmasked_key").asText())).expect(200);
            String fresh = app.api.as(app.admin).put("/api/api-key/" + id + "/regenerate", Map.of()).expect(200).json().get("unmasked_key").asText();
            app.api.withKey(fresh).get("/api/user/current").expect(200);
            assertThat(listed(id).get("revoked").isNull()).isTrue();
            app.api.withKey(key.get("unmasked_key").asText()).get("/api/user/current").expect(401);
        }

        @Test
        void that_is_not_a_json_array_of_tokens_is_a_400_and_revokes_nothing() throws Exception {
            for (String body : List.of("{\"token\":\"x\"}", "not json", "[{\"type\":\"x\"}]", "[1]", "[{\"token\":5}]")) {
                report(github(), body).expect(400);
            }
            report(github(), "[]").expect(200);
        }
    }

    @Nested
    class A_report_during_a_regenerate_grace_window {
        String previous;
        String current;
        long id;

        /** Forward authentication as a proxy calls it, naming the client. */
        Api.Response verify(String key) {
            return app.api.anonymous().header("X-Forwarded-For", "198.51.100.7").header("X-API-Key", key).get("/api/auth/verify");
        }

        @org.junit.jupiter.api.BeforeEach
        void rotate() {
            JsonNode key = createKey();
            id = key.get("id").asLong();
            previous = key.get("unmasked_key").asText();
            current = app.api.as(app.admin).put("/api/api-key/" + id + "/regenerate", Map.of("grace_seconds", 3600))
                    .expect(200).json().get("unmasked_key").asText();
            // both work, and both are cached now: the report must drop the one it ends
            for (String k : List.of(previous, current)) {
                app.api.withKey(k).get("/api/user/current").expect(200);
                verify(k).expect(200);
            }
            assertThat(listed(id).get("previous_key_expires_at").isNull()).isFalse();
        }

        @Test
        void naming_the_previous_secret_ends_the_window_at_once_and_leaves_the_current_secret_working() throws Exception {
            JsonNode feedback = report(github(), alert(previous)).expect(200).json();
            assertThat(feedback.get(0).get("label").asText()).isEqualTo("true_positive");
            assertThat(feedback.get(0).get("token_hash").asText()).isEqualTo(Hashing.sha256Hex(previous));
            app.api.withKey(previous).get("/api/user/current").expect(401);
            verify(previous).expect(401);
            app.api.withKey(current).get("/api/user/current").expect(200);
            verify(current).expect(200);
            JsonNode listed = listed(id);
            assertThat(listed.get("previous_key_expires_at").isNull()).isTrue();
            assertThat(listed.get("revoked").isNull()).isTrue();
            List<JsonNode> events = auditOf(id);
            assertThat(events).hasSize(1);
            JsonNode details = events.get(0).get("details");
            assertThat(details.get("reason").asText()).isEqualTo("leaked");
            assertThat(details.get("secret").asText()).isEqualTo("previous");
            assertThat(details.get("key_prefix").asText()).isEqualTo(previous.substring(0, 17));
            assertThat(details.get("url").asText()).isEqualTo(SecretScanning.URL);
            assertThat(details.get("source").asText()).isEqualTo("content");
            assertThat(details.get("previous_key_expires_at").asText()).isNotBlank();
        }

        @Test
        void naming_the_previous_secret_again_is_a_false_positive_that_writes_nothing() throws Exception {
            report(github(), alert(previous)).expect(200);
            assertThat(report(github(), alert(previous)).expect(200).json().get(0).get("label").asText()).isEqualTo("false_positive");
            assertThat(auditOf(id)).hasSize(1);
            app.api.withKey(current).get("/api/user/current").expect(200);
        }

        @Test
        void naming_the_current_secret_revokes_the_key_and_the_previous_secret_dies_with_it() throws Exception {
            JsonNode feedback = report(github(), alert(current)).expect(200).json();
            assertThat(feedback.get(0).get("label").asText()).isEqualTo("true_positive");
            for (String k : List.of(current, previous)) {
                app.api.withKey(k).get("/api/user/current").expect(401);
                verify(k).expect(401);
            }
            JsonNode listed = listed(id);
            assertThat(listed.get("revoked").get("reason").asText()).isEqualTo("leaked");
            assertThat(listed.get("previous_key_expires_at").isNull()).isTrue();
            List<JsonNode> events = auditOf(id);
            assertThat(events).hasSize(1);
            assertThat(events.get(0).get("details").get("key_prefix").asText()).isEqualTo(current.substring(0, 17));
            assertThat(events.get(0).get("details").get("previous_key_prefix").asText()).isEqualTo(previous.substring(0, 17));
            // the previous secret is gone with the window: naming it now finds nothing
            assertThat(report(github(), alert(previous)).expect(200).json().get(0).get("label").asText()).isEqualTo("false_positive");
        }

        @Test
        void naming_both_secrets_in_one_report_revokes_the_key_and_labels_both_true_positive_in_either_order() throws Exception {
            // tokens are handled in sorted order: with a few keys, both orders (current first, previous first) occur
            List<String[]> pairs = new java.util.ArrayList<>(List.<String[]>of(new String[] {previous, current}));
            List<Long> ids = new java.util.ArrayList<>(List.of(id));
            for (int i = 0; i < 5; i++) {
                rotate();
                pairs.add(new String[] {previous, current});
                ids.add(id);
            }
            for (int i = 0; i < pairs.size(); i++) {
                String[] pair = pairs.get(i);
                JsonNode feedback = report(github(), alert(pair[0], pair[1])).expect(200).json();
                assertThat(feedback.get(0).get("label").asText()).as("previous " + i).isEqualTo("true_positive");
                assertThat(feedback.get(1).get("label").asText()).as("current " + i).isEqualTo("true_positive");
                for (String k : pair) app.api.withKey(k).get("/api/user/current").expect(401);
                assertThat(listed(ids.get(i)).get("revoked").get("reason").asText()).isEqualTo("leaked");
                assertThat(listed(ids.get(i)).get("previous_key_expires_at").isNull()).isTrue();
                // one revocation; the previous secret ended by it, or (when handled first) by an event of its own
                List<JsonNode> events = auditOf(ids.get(i));
                assertThat(events.stream().filter(e -> !e.get("details").has("secret")).count()).isEqualTo(1);
                assertThat(events.size()).isBetween(1, 2);
            }
        }

        @Test
        void naming_a_previous_secret_whose_window_has_ended_is_a_false_positive_that_writes_nothing() throws Exception {
            app.clock.advance(Duration.ofSeconds(3601));
            app.api.withKey(previous).get("/api/user/current").expect(401);
            assertThat(report(github(), alert(previous)).expect(200).json().get(0).get("label").asText()).isEqualTo("false_positive");
            assertThat(auditOf(id)).isEmpty();
            app.api.withKey(current).get("/api/user/current").expect(200);
        }
    }

    @Nested
    class A_report_not_signed_by_a_configured_key {
        @Test
        void is_a_401_and_revokes_nothing() throws Exception {
            String plain = createKey().get("unmasked_key").asText();
            String body = alert(plain);
            KeyPair stranger = ecKeyPair();
            String good = sign(github, body);
            List<Map<String, String>> bad = List.of(
                    Map.of(),
                    Map.of("Github-Public-Key-Identifier", KEY_ID),
                    Map.of("Github-Public-Key-Signature", good),
                    Map.of("Github-Public-Key-Identifier", "another-key", "Github-Public-Key-Signature", good),
                    Map.of("Github-Public-Key-Identifier", KEY_ID, "Github-Public-Key-Signature", sign(stranger, body)),
                    Map.of("Github-Public-Key-Identifier", KEY_ID, "Github-Public-Key-Signature", sign(github, body + " ")),
                    Map.of("Github-Public-Key-Identifier", KEY_ID, "Github-Public-Key-Signature", "not base64 !"),
                    Map.of("Github-Public-Key-Identifier", KEY_ID, "Github-Public-Key-Signature", Base64.getEncoder().encodeToString(new byte[72])));
            for (Map<String, String> headers : bad) {
                Api client = github();
                for (Map.Entry<String, String> h : headers.entrySet()) client = client.header(h.getKey(), h.getValue());
                Api.Response r = client.send("POST", PATH, body).expect(401);
                assertThat(r.text()).isEqualTo("Unauthenticated");
            }
            app.api.withKey(plain).get("/api/user/current").expect(200);
        }
    }

    @Nested
    class The_rate_limit {
        @Test
        void gives_a_client_429_with_retry_after_beyond_60_reports_a_minute_and_not_other_clients() throws Exception {
            Api client = github();
            for (int i = 0; i < LeakReports.PER_MINUTE; i++) client.send("POST", PATH, "[]").expect(401);
            Api.Response refused = report(client, "[]").expect(429);
            assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
            report(github(), "[]").expect(200);
            app.clock.advance(Duration.ofSeconds(61));
            report(client, "[]").expect(200);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Without_signing_keys {
        TestApp plain;

        @BeforeAll void start() { plain = TestApp.start(); }

        @AfterAll void stop() { plain.close(); }

        @Test
        void the_endpoint_does_not_exist() throws Exception {
            String body = alert(plain.api.as(plain.admin).post("/api/api-key", Map.of("name", "k", "group_id", 1)).expect(200).json()
                    .get("unmasked_key").asText());
            Api.Response r = plain.api.anonymous().header("Github-Public-Key-Identifier", KEY_ID)
                    .header("Github-Public-Key-Signature", sign(github, body)).send("POST", PATH, body).expect(404);
            assertThat(r.text()).isEqualTo(plain.api.anonymous().send("POST", "/api/no-such-endpoint", body).expect(404).text())
                    .isEqualTo("API endpoint does not exist.");
        }

        @Test
        void a_keys_file_that_is_not_ecdsa_p256_or_cannot_be_read_stops_start_up_naming_the_variable() throws Exception {
            Path rsa = Files.createTempFile("rsa-keys", ".json");
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                KeyPair pair = g.generateKeyPair();
                String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----";
                Files.writeString(rsa, Json.write(Map.of("public_keys", List.of(Map.of("key_identifier", "k", "key", pem)))));
                assertThatThrownBy(() -> SigningKeys.read(rsa)).hasMessageContaining("ECDSA P-256");
                Files.writeString(rsa, "{\"public_keys\": []}");
                assertThatThrownBy(() -> SigningKeys.read(rsa)).hasMessageContaining("at least one key");
                assertThatThrownBy(() -> Config.fromEnv(Map.of("LATCHKEY_SECRET_SCANNING_KEYS", rsa + ".missing")))
                        .isInstanceOf(Config.ConfigException.class).hasMessageContaining("LATCHKEY_SECRET_SCANNING_KEYS");
            } finally {
                Files.deleteIfExists(rsa);
            }
        }
    }
}
