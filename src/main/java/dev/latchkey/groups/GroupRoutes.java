package dev.latchkey.groups;

import dev.latchkey.web.Access;
import dev.latchkey.web.Body;
import dev.latchkey.web.JsonStreams;
import dev.latchkey.web.Params;
import dev.latchkey.web.Router;
import dev.latchkey.web.Routes;
import dev.latchkey.web.Web;

/** /api/permissions/group and /api/permissions/membership: groups and who is in them (admins only). */
public final class GroupRoutes implements Routes {
    private final GroupService groups;
    private final MembershipService memberships;

    public GroupRoutes(GroupService groups, MembershipService memberships) {
        this.groups = groups;
        this.memberships = memberships;
    }

    @Override
    public void register(Router r) {
        r.get("/api/permissions/group", Access.ADMIN, ctx -> ctx.json(groups.list(Web.actor(ctx),
                Params.optionalLong(ctx, "limit", 1), Params.optionalLong(ctx, "offset", 0))));
        r.get("/api/permissions/group/{id}", Access.ADMIN, ctx -> {
            long id = Params.id(ctx);
            Long limit = Params.optionalLong(ctx, "limit", 1);
            Long offset = Params.optionalLong(ctx, "offset", 0);
            ctx.json(limit == null ? groups.get(Web.actor(ctx), id)
                    : groups.members(Web.actor(ctx), id, limit, offset == null ? 0 : offset));
        });
        r.post("/api/permissions/group", Access.ADMIN, ctx -> ctx.json(groups.create(Web.actor(ctx), name(Web.body(ctx)))));
        r.put("/api/permissions/group/{id}", Access.ADMIN, ctx -> {
            long id = Params.id(ctx);
            ctx.json(groups.rename(Web.actor(ctx), id, name(Web.body(ctx))));
        });
        r.delete("/api/permissions/group/{id}", Access.ADMIN, ctx -> {
            groups.delete(Web.actor(ctx), Params.id(ctx));
            Web.noContent(ctx);
        });

        r.get("/api/permissions/membership", Access.ADMIN, ctx -> JsonStreams.send(ctx, memberships.all(Web.actor(ctx))));
        r.post("/api/permissions/membership", Access.ADMIN, ctx -> {
            Body body = Web.body(ctx);
            long groupId = body.requiredPositiveInt("group_id");
            long userId = body.requiredPositiveInt("user_id");
            boolean manager = Boolean.TRUE.equals(body.optionalBoolean("is_group_manager"));
            ctx.json(memberships.add(Web.actor(ctx), groupId, userId, manager));
        });
        r.delete("/api/permissions/membership/{id}", Access.ADMIN, ctx -> {
            memberships.remove(Web.actor(ctx), Params.id(ctx));
            Web.noContent(ctx);
        });
        r.put("/api/permissions/membership/{group_id}/clear", Access.ADMIN, ctx -> {
            memberships.clear(Web.actor(ctx), Params.positiveId(ctx, "group_id"));
            Web.noContent(ctx);
        });
    }

    private static String name(Body body) { return Body.maxLength("name", body.requiredNonBlank("name"), 254); }
}
