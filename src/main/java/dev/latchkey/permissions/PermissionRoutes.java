package dev.latchkey.permissions;

import dev.latchkey.web.Access;
import dev.latchkey.web.Params;
import dev.latchkey.web.Router;
import dev.latchkey.web.Routes;
import dev.latchkey.web.Web;

/** /api/collection/graph: the collection permission graph (superusers only). Registered before /api/collection/:id. */
public final class PermissionRoutes implements Routes {
    private final PermissionService permissions;

    public PermissionRoutes(PermissionService permissions) { this.permissions = permissions; }

    @Override
    public void register(Router r) {
        r.get("/api/collection/graph", Access.ADMIN, ctx ->
                ctx.json(permissions.graph(Web.actor(ctx), Params.optionalString(ctx, "namespace"))));
        r.put("/api/collection/graph", Access.ADMIN, ctx ->
                ctx.json(permissions.updateGraph(Web.actor(ctx), GraphUpdate.parse(Web.body(ctx)))));
    }
}
