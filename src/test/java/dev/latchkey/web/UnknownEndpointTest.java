package dev.latchkey.web;

import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Metabase tells an /api path no route serves ("API endpoint does not exist.") from an unknown id ("Not found."). */
class UnknownEndpointTest {
    static TestApp app;

    @BeforeAll static void start() { app = TestApp.start(); }

    @AfterAll static void stop() { app.close(); }

    @Test
    void an_unknown_api_path_answers_404_api_endpoint_does_not_exist_in_plain_text() {
        for (String method : List.of("GET", "POST", "PUT", "DELETE")) {
            for (String path : List.of("/api/nope", "/api/user/1/nope", "/api/dashboard/1/cards/2", "/api/setting/x/y")) {
                var reply = app.api.as(app.admin).send(method, path, method.equals("GET") ? null : Map.of()).expect(404);
                assertThat(reply.text()).as(method + " " + path).isEqualTo("API endpoint does not exist.");
                assertThat(reply.header("Content-Type")).startsWith("text/plain");
            }
        }
    }

    @Test
    void an_unknown_path_answers_the_same_without_credentials() {
        assertThat(app.api.anonymous().get("/api/nope").expect(404).text()).isEqualTo("API endpoint does not exist.");
    }

    @Test
    void an_unknown_id_on_a_known_route_still_answers_not_found() {
        assertThat(app.api.as(app.admin).get("/api/card/987654").expect(404).text()).isEqualTo("Not found.");
        assertThat(app.api.as(app.admin).get("/api/user/987654").expect(404).text()).isEqualTo("Not found.");
        assertThat(app.api.as(app.admin).put("/api/dashboard/987654", Map.of("name", "x")).expect(404).text()).isEqualTo("Not found.");
    }
}
