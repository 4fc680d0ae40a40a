package dev.latchkey.people;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.core.AppError;
import dev.latchkey.core.Json;
import dev.latchkey.web.Access;
import dev.latchkey.web.JsonStreams;
import dev.latchkey.web.Body;
import dev.latchkey.web.Params;
import dev.latchkey.web.Router;
import dev.latchkey.web.Routes;
import dev.latchkey.web.SessionCookies;
import dev.latchkey.web.Web;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** /api/user: people. Admins manage everyone; a person may read and edit themself. */
public final class PeopleRoutes implements Routes {
    private static final String LOCALE = "String must be a valid two-letter ISO language or language-country code e.g. en or en_US.";
    private final PeopleService people;
    private final AccountService accounts;
    private final SessionCookies cookies;

    public PeopleRoutes(PeopleService people, AccountService accounts, SessionCookies cookies) {
        this.people = people;
        this.accounts = accounts;
        this.cookies = cookies;
    }

    @Override
    public void register(Router r) {
        r.get("/api/user/current", Access.AUTHENTICATED, ctx -> ctx.json(people.current(Web.actor(ctx))));
        r.get("/api/user", Access.ADMIN, ctx -> JsonStreams.value(ctx, people.list(Web.actor(ctx), new PeopleService.ListRequest(
                Params.optionalString(ctx, "status"), Params.optionalBoolean(ctx, "include_deactivated"),
                Params.optionalString(ctx, "query"), Params.optionalLong(ctx, "group_id", 1),
                Params.optionalLong(ctx, "limit", 1), Params.optionalLong(ctx, "offset", 0)))));
        r.get("/api/user/{id}", Access.AUTHENTICATED, ctx -> ctx.json(people.get(Web.actor(ctx), Params.id(ctx))));
        r.post("/api/user", Access.ADMIN, ctx -> ctx.json(people.createPerson(Web.actor(ctx), newPerson(Web.body(ctx)))));
        r.put("/api/user/{id}", Access.AUTHENTICATED, ctx -> {
            long id = Params.id(ctx);
            ctx.json(people.update(Web.actor(ctx), id, changes(Web.body(ctx))));
        });
        r.put("/api/user/{id}/password", Access.AUTHENTICATED, ctx -> {
            long id = Params.id(ctx);
            Body body = Web.body(ctx);
            var session = accounts.changePassword(Web.actor(ctx), id, body.optionalString("password"),
                    body.optionalString("old_password"));
            if (session.isEmpty()) {
                Web.noContent(ctx);
                return;
            }
            cookies.set(ctx, session.get(), false);
            ctx.json(Map.of("success", true, "session_id", session.get()));
        });
        r.delete("/api/user/{id}", Access.ADMIN, ctx -> {
            accounts.deactivate(Web.actor(ctx), Params.id(ctx));
            ctx.json(Map.of("success", true));
        });
        r.put("/api/user/{id}/reactivate", Access.ADMIN, ctx -> ctx.json(accounts.reactivate(Web.actor(ctx), Params.id(ctx))));
    }

    private static PeopleService.NewPerson newPerson(Body body) {
        String email = body.requiredEmail("email");
        Set<Long> groups = null;
        List<Long> legacy = body.optionalIdList("group_ids");
        if (legacy != null) groups = new LinkedHashSet<>(legacy);
        Set<Long> memberships = memberships(body);
        if (memberships != null) groups = memberships;
        return new PeopleService.NewPerson(email, name(body, "first_name"), name(body, "last_name"),
                body.optionalString("password"), groups, memberships != null, attributes(body));
    }

    private static PeopleService.Changes changes(Body body) {
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
