package dev.latchkey.people;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.core.AppError;
import dev.latchkey.core.Json;
import dev.latchkey.web.Body;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The bodies of /api/user, read and checked with Metabase's messages (like the content features' *Inputs). */
final class PeopleInputs {
    private static final String LOCALE = "String must be a valid two-letter ISO language or language-country code e.g. en or en_US.";

    private PeopleInputs() {}

    /** POST /api/user. */
    static PeopleService.NewPerson parseNew(Body body) {
        String email = body.requiredEmail("email");
        Set<Long> groups = null;
        List<Long> legacy = body.optionalIdList("group_ids");
        if (legacy != null) groups = new LinkedHashSet<>(legacy);
        Set<Long> memberships = memberships(body);
        if (memberships != null) groups = memberships;
        return new PeopleService.NewPerson(email, name(body, "first_name"), name(body, "last_name"),
                body.optionalString("password"), groups, memberships != null, attributes(body));
    }

    /** PUT /api/user/:id: present fields only. */
    static PeopleService.Changes parseChanges(Body body) {
        String locale = body.optionalString("locale");
        if (locale != null && !locale.matches("[a-zA-Z]{2}([_-][a-zA-Z]{2})?")) throw AppError.invalid("locale", LOCALE, locale);
        return new PeopleService.Changes(body.has("first_name"), name(body, "first_name"), body.has("last_name"),
                name(body, "last_name"), body.optionalEmail("email"), body.has("locale"), locale,
                body.optionalBoolean("is_superuser"), body.has("login_attributes"), attributes(body), memberships(body));
    }

    private static String name(Body body, String field) {
        return Body.maxLength(field, body.optionalNonBlank(field), 254);
    }

    /** user_group_memberships: [{id, is_group_manager?}] as a set of group ids, or null when absent. */
    private static Set<Long> memberships(Body body) {
        JsonNode v = body.get("user_group_memberships");
        if (v == null || v.isNull()) return null;
        String message = "value must be an array of maps with an integer id greater than zero.";
        if (!v.isArray()) throw AppError.invalid("user_group_memberships", message, v.toString());
        Set<Long> ids = new LinkedHashSet<>();
        for (JsonNode m : v) {
            JsonNode id = m.path("id");
            if (!m.isObject() || !id.isIntegralNumber() || !id.canConvertToLong() || id.asLong() <= 0) {
                throw AppError.invalid("user_group_memberships", message, v.toString());
            }
            ids.add(id.asLong());
        }
        return ids;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> attributes(Body body) {
        JsonNode v = body.get("login_attributes");
        if (v == null || v.isNull()) return null;
        if (!v.isObject()) throw AppError.invalid("login_attributes", "value must be a map with string keys.", v.toString());
        return Json.MAPPER.convertValue(v, Map.class);
    }
}
