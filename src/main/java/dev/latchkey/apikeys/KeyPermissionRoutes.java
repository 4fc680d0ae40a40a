package dev.latchkey.apikeys;

import dev.latchkey.web.Access;
import dev.latchkey.web.Params;
import dev.latchkey.web.Router;
import dev.latchkey.web.Routes;
import dev.latchkey.web.Web;

/** GET /api/api-key/:id/permissions: a key's effective permissions (a Latchkey extension), admins only. */
public final class KeyPermissionRoutes implements Routes {
    private final KeyPermissions permissions;

    public KeyPermissionRoutes(KeyPermissions permissions) { this.permissions = permissions; }

    @Override
    public void register(Router r) {
        r.get("/api/api-key/{id}/permissions", Access.ADMIN, ctx -> ctx.json(permissions.of(Web.actor(ctx), Params.id(ctx))));
    }
}
