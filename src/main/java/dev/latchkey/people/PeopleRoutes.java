package dev.latchkey.people;

import dev.latchkey.web.Access;
import dev.latchkey.web.JsonStreams;
import dev.latchkey.web.Body;
import dev.latchkey.web.Params;
import dev.latchkey.web.Router;
import dev.latchkey.web.Routes;
import dev.latchkey.web.SessionCookies;
import dev.latchkey.web.Web;

import java.util.Map;

/** /api/user: people. Admins manage everyone; a person may read and edit themself. */
public final class PeopleRoutes implements Routes {
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
        r.get("/api/user/current", Access.AUTHENTICATED, ctx -> Web.json(ctx, people.currentJson(Web.actor(ctx))));
        r.get("/api/user", Access.ADMIN, ctx -> JsonStreams.value(ctx, people.list(Web.actor(ctx), new PeopleService.ListRequest(
                Params.optionalString(ctx, "status"), Params.optionalBoolean(ctx, "include_deactivated"),
                Params.optionalString(ctx, "query"), Params.optionalLong(ctx, "group_id", 1),
                Params.optionalLong(ctx, "limit", 1), Params.optionalLong(ctx, "offset", 0)))));
        r.get("/api/user/{id}", Access.AUTHENTICATED, ctx -> ctx.json(people.get(Web.actor(ctx), Params.id(ctx))));
        r.post("/api/user", Access.ADMIN, ctx -> ctx.json(people.createPerson(Web.actor(ctx), PeopleInputs.parseNew(Web.body(ctx)))));
        r.put("/api/user/{id}", Access.AUTHENTICATED, ctx -> {
            long id = Params.id(ctx);
            ctx.json(people.update(Web.actor(ctx), id, PeopleInputs.parseChanges(Web.body(ctx))));
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
}
