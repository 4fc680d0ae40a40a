package dev.latchkey.people;

import dev.latchkey.core.AppError;
import dev.latchkey.web.Access;
import dev.latchkey.web.Body;
import dev.latchkey.web.Router;
import dev.latchkey.web.Routes;
import dev.latchkey.web.Web;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** /api/user: people. */
public final class PeopleRoutes implements Routes {
    private final PeopleService people;

    public PeopleRoutes(PeopleService people) { this.people = people; }

    @Override
    public void register(Router r) {
        r.get("/api/user/current", Access.AUTHENTICATED, ctx -> ctx.json(people.current(Web.actor(ctx))));
        r.post("/api/user", Access.ADMIN, ctx -> {
            Body body = Web.body(ctx);
            String email = body.requiredEmail("email");
            String first = Body.maxLength("first_name", body.optionalNonBlank("first_name"), 254);
            String last = Body.maxLength("last_name", body.optionalNonBlank("last_name"), 254);
            String password = body.optionalString("password");
            Set<Long> groups = new LinkedHashSet<>();
            List<Long> legacy = body.optionalIdList("group_ids");
            if (legacy != null) groups.addAll(legacy);
            var memberships = body.get("user_group_memberships");
            if (memberships != null && memberships.isArray()) {
                for (var m : memberships) {
                    if (!m.isObject() || !m.path("id").canConvertToLong() || m.path("id").asLong() <= 0) {
                        throw AppError.invalid("user_group_memberships", "value must be an array of {id, is_group_manager} maps.", memberships.toString());
                    }
                    groups.add(m.get("id").asLong());
                }
            }
            long id = people.createPerson(Web.actor(ctx), email, first, last, password, groups);
            ctx.json(people.current(new dev.latchkey.auth.Actor(id, false, dev.latchkey.auth.Actor.Via.SYSTEM)));
        });
    }
}
