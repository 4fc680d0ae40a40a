package dev.latchkey.apikeys;

import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples users copy from Metabase's "API keys" documentation page run unchanged against Latchkey, with
 * the real curl and node binaries. Only the port differs (the docs assume 3000; the test server's is random).
 */
class ApiKeyExamplesTest {
    static TestApp app;
    static String key;

    @BeforeAll static void start() {
        app = TestApp.start();
        key = app.api.as(app.admin).post("/api/api-key", Map.of("name", "docs example", "group_id", 2))
                .expect(200).json().get("unmasked_key").asText();
    }

    @AfterAll static void stop() { app.close(); }

    @Test
    void the_documented_curl_command_lists_the_groups() throws Exception {
        String command = "curl -H 'x-api-key: KEY' -X GET 'http://localhost:3000/api/permissions/group'"
                .replace("KEY", key).replace("3000", String.valueOf(app.app.port()));
        Result r = run(List.of("bash", "-c", command), Map.of(), null);
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out).startsWith("[").contains("\"name\":\"All Users\"").contains("\"name\":\"Administrators\"")
                .contains("\"member_count\"");
    }

    @Test
    void the_documented_node_fetch_script_lists_the_groups() throws Exception {
        Path dir = Files.createTempDirectory("latchkey-node");
        String script;
        try (InputStream in = getClass().getResourceAsStream("/examples/api-test.js")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Files.writeString(dir.resolve("api-test.js"), script.replace(":3000", ":" + app.app.port()));
        Result r = run(List.of("node", "api-test.js"), Map.of("METABASE_API_KEY", key), dir);
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out).startsWith("Groups in your Metabase: [").contains("name: 'All Users'").contains("name: 'Administrators'");
    }

    @Test
    void with_a_wrong_key_the_documented_curl_command_gets_unauthenticated() throws Exception {
        String command = "curl -H 'x-api-key: KEY' -X GET 'http://localhost:3000/api/permissions/group'"
                .replace("KEY", ApiKeyAuthenticationTest.typo(key)).replace("3000", String.valueOf(app.app.port()));
        Result r = run(List.of("bash", "-c", command), Map.of(), null);
        assertThat(r.out).isEqualTo("Unauthenticated");
    }

    record Result(int exit, String out, String err) {}

    static Result run(List<String> command, Map<String, String> env, Path dir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        if (dir != null) pb.directory(dir.toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException(command.get(0) + " must be installed to run the documentation examples (.ci/run installs it)", e);
        }
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
