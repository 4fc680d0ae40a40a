package dev.latchkey.people;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** People and groups made through the API for the people tests. */
final class PeopleFixtures {
    private PeopleFixtures() {}

    /** A person created through the API, who can sign in with TestApp.PASSWORD. tag is unique to them. */
    record Person(TestApp app, long id, String email, String tag) {
        Api.Caller signIn() { return TestApp.session(app.login(email, TestApp.PASSWORD)); }
    }

    static Person newPerson(TestApp app, String first, Object... extra) {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String email = first.toLowerCase() + "." + tag + "@example.com";
        Map<String, Object> body = new LinkedHashMap<>(Map.of("email", email, "first_name", first, "last_name", "T" + tag,
                "password", TestApp.PASSWORD));
        for (int i = 0; i < extra.length; i += 2) body.put((String) extra[i], extra[i + 1]);
        long id = app.api.as(app.admin).post("/api/user", body).expect(200).json().get("id").asLong();
        return new Person(app, id, email, tag);
    }

    static long newGroup(TestApp app) {
        return app.api.as(app.admin).post("/api/permissions/group", Map.of("name", "g " + UUID.randomUUID()))
                .expect(200).json().get("id").asLong();
    }

    static List<Long> ids(JsonNode data) {
        List<Long> ids = new ArrayList<>();
        data.forEach(u -> ids.add(u.get("id").asLong()));
        return ids;
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static final List<String> ADMIN_OR_SELF = List.of("id", "email", "first_name", "last_name", "common_name",
            "date_joined", "last_login", "updated_at", "is_superuser", "is_active", "is_qbnewb", "locale", "sso_source",
            "login_attributes");
}
