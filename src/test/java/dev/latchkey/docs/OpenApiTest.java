package dev.latchkey.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.latchkey.core.Json;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/docs/openapi.json and GET /api/docs. */
class OpenApiTest {
    static TestApp app;
    static JsonNode doc;

    @BeforeAll
    static void start() {
        app = TestApp.start();
        doc = app.api.anonymous().get("/api/docs/openapi.json").expect(200).json();
    }

    @AfterAll
    static void stop() { app.close(); }

    @Nested
    class The_document {
        @Test
        void is_valid_openapi_3_1_for_swagger_parser() {
            SwaggerParseResult result = new OpenAPIV3Parser().readContents(Json.write(doc), null, null);
            assertThat(result.getMessages()).isEmpty();
            assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
            assertThat(result.getOpenAPI().getComponents().getSecuritySchemes()).containsKeys("apiKey", "session", "sessionCookie");
        }

        @Test
        void covers_exactly_the_routes_the_app_serves() {
            Set<String> served = new TreeSet<>();
            app.app.routes().forEach(r -> served.add(r.method() + " " + r.path()));
            Set<String> documented = new TreeSet<>();
            for (Iterator<Map.Entry<String, JsonNode>> p = doc.get("paths").fields(); p.hasNext(); ) {
                Map.Entry<String, JsonNode> path = p.next();
                path.getValue().fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + path.getKey()));
            }
            assertThat(documented).isEqualTo(served);
            assertThat(served).contains("GET /api/docs/openapi.json", "POST /api/api-key");
        }

        @Test
        void describes_only_routes_that_exist() {
            Set<String> served = new TreeSet<>();
            app.app.routes().forEach(r -> served.add(r.method() + " " + r.path()));
            assertThat(served).containsAll(Described.OPS.keySet());
        }

        @Test
        void names_the_auth_schemes_and_access_of_each_route() {
            JsonNode create = doc.at("/paths/~1api~1api-key/post");
            assertThat(create.get("x-latchkey-access").asText()).isEqualTo("admin");
            assertThat(create.get("security").toString()).contains("apiKey", "session", "sessionCookie");
            assertThat(doc.at("/components/securitySchemes/apiKey/name").asText()).isEqualTo("X-API-Key");
            assertThat(doc.at("/components/securitySchemes/session/name").asText()).isEqualTo("X-Metabase-Session");
            assertThat(doc.at("/components/securitySchemes/sessionCookie/in").asText()).isEqualTo("cookie");
            assertThat(create.at("/responses/401/$ref").asText()).isEqualTo("#/components/responses/Unauthenticated");
            assertThat(create.at("/requestBody/content/application~1json/schema/required").toString()).contains("name", "group_id");
        }
    }

    @Nested
    class Real_responses_validate_against_their_schemas {
        @Test
        void api_keys() {
            long group = app.api.as(app.admin).get("/api/permissions/group").expect(200).json().get(0).get("id").asLong();
            JsonNode created = check("POST", "/api/api-key", app.api.as(app.admin).post("/api/api-key", Map.of("name", "Documented", "group_id", group)).expect(200));
            long id = created.get("id").asLong();
            check("GET", "/api/api-key", app.api.as(app.admin).get("/api/api-key").expect(200));
            check("GET", "/api/api-key/count", app.api.as(app.admin).get("/api/api-key/count").expect(200));
            check("PUT", "/api/api-key/{id}", app.api.as(app.admin).put("/api/api-key/" + id, Map.of("name", "Renamed")).expect(200));
            check("PUT", "/api/api-key/{id}/regenerate", app.api.as(app.admin).put("/api/api-key/" + id + "/regenerate", Map.of()).expect(200));
        }

        @Test
        void people() {
            check("GET", "/api/user/current", app.api.as(app.member).get("/api/user/current").expect(200));
            check("GET", "/api/user", app.api.as(app.admin).get("/api/user").expect(200));
            check("GET", "/api/user/{id}", app.api.as(app.admin).get("/api/user/" + app.memberId).expect(200));
            JsonNode p = check("POST", "/api/user", app.api.as(app.admin).post("/api/user",
                    Map.of("email", "documented@example.com", "first_name", "Doc", "last_name", "Umented")).expect(200));
            check("PUT", "/api/user/{id}", app.api.as(app.admin).put("/api/user/" + p.get("id").asLong(), Map.of("first_name", "Docs")).expect(200));
            check("DELETE", "/api/user/{id}", app.api.as(app.admin).delete("/api/user/" + p.get("id").asLong()).expect(200));
            check("PUT", "/api/user/{id}/reactivate", app.api.as(app.admin).put("/api/user/" + p.get("id").asLong() + "/reactivate", Map.of()).expect(200));
        }

        @Test
        void groups_and_memberships() {
            JsonNode g = check("POST", "/api/permissions/group", app.api.as(app.admin).post("/api/permissions/group", Map.of("name", "Documented group")).expect(200));
            long id = g.get("id").asLong();
            check("GET", "/api/permissions/group", app.api.as(app.admin).get("/api/permissions/group").expect(200));
            check("PUT", "/api/permissions/group/{id}", app.api.as(app.admin).put("/api/permissions/group/" + id, Map.of("name", "Documented again")).expect(200));
            check("POST", "/api/permissions/membership", app.api.as(app.admin).post("/api/permissions/membership",
                    Map.of("group_id", id, "user_id", app.memberId)).expect(200));
            check("GET", "/api/permissions/group/{id}", app.api.as(app.admin).get("/api/permissions/group/" + id).expect(200));
            check("GET", "/api/permissions/membership", app.api.as(app.admin).get("/api/permissions/membership").expect(200));
        }

        @Test
        void a_schema_that_does_not_match_is_noticed() {
            // the check itself can fail: a key list is not a person
            List<String> errors = errors(responseSchema("GET", "/api/user/current"), app.api.as(app.admin).get("/api/api-key").expect(200).text());
            assertThat(errors).isNotEmpty();
        }
    }

    @Nested
    class The_page {
        @Test
        void serves_swagger_ui_from_the_jar_under_the_csp() {
            Api.Response page = app.api.anonymous().get("/api/docs").expect(200);
            assertThat(page.header("Content-Type")).startsWith("text/html");
            assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'").doesNotContain("unsafe-inline");
            assertThat(page.text()).contains("/api/docs/assets/swagger-ui-bundle.js").doesNotContain("<script>");
            assertThat(app.api.anonymous().get("/api/docs/assets/swagger-ui-bundle.js").expect(200).text()).contains("SwaggerUIBundle");
            assertThat(app.api.anonymous().get("/api/docs/assets/init.js").expect(200).text()).contains("/api/docs/openapi.json");
            app.api.anonymous().get("/api/docs/assets/swagger-ui.css").expect(200);
        }

        @Test
        void serves_no_other_class_path_file() {
            app.api.anonymous().get("/api/docs/assets/logback.xml").expect(404);
            app.api.anonymous().get("/api/docs/assets/..%2Flogback.xml").expect(404);
            app.api.anonymous().get("/api/docs/assets/index.html").expect(404);
        }
    }

    static JsonNode check(String method, String path, Api.Response response) {
        String body = response.text();
        List<String> errors = errors(responseSchema(method, path), body);
        assertThat(errors).as(method + " " + path + " -> " + body).isEmpty();
        return body.isEmpty() ? null : response.json();
    }

    /** The operation's 200 schema as a standalone 2020-12 schema whose $refs resolve against the document's components. */
    static ObjectNode responseSchema(String method, String path) {
        JsonNode op = doc.get("paths").get(path).get(method.toLowerCase(Locale.ROOT));
        assertThat(op).as(method + " " + path).isNotNull();
        JsonNode schema = op.at("/responses/200/content/application~1json/schema");
        assertThat(schema.isMissingNode()).as("200 schema of " + method + " " + path).isFalse();
        ObjectNode root = ((ObjectNode) schema).deepCopy();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("components", doc.get("components"));
        return root;
    }

    static List<String> errors(ObjectNode schema, String json) {
        var s = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(Json.write(schema), InputFormat.JSON);
        return s.validate(json, InputFormat.JSON).stream().map(Object::toString).toList();
    }
}
