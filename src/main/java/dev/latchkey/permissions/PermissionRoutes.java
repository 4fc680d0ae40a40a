package dev.latchkey.permissions;

import dev.latchkey.core.AppError;
import dev.latchkey.web.Access;
import dev.latchkey.web.Body;
import dev.latchkey.web.JsonStreams;
import dev.latchkey.web.Params;
import dev.latchkey.web.Router;
import dev.latchkey.web.Routes;
import dev.latchkey.web.Web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * /api/collection/graph: the collection permission graph (superusers only), streamed. Registered before
 * /api/collection/:id. Latchkey extension: GET …?group_id=N (repeatable) answers only those groups' rows. PUT takes
 * Metabase's ?skip_graph=true (answer {"revision": n} only) and ?force=true (no revision check).
 */
public final class PermissionRoutes implements Routes {
    private final PermissionService permissions;

    public PermissionRoutes(PermissionService permissions) { this.permissions = permissions; }

    @Override
    public void register(Router r) {
        r.get("/api/collection/graph", Access.ADMIN, ctx -> JsonStreams.send(ctx, permissions.graph(Web.actor(ctx),
                Params.optionalString(ctx, "namespace"), groupIds(ctx.queryParams("group_id")))));
        r.put("/api/collection/graph", Access.ADMIN, ctx -> {
            boolean force = Boolean.TRUE.equals(Params.optionalBoolean(ctx, "force"));
            boolean skipGraph = Boolean.TRUE.equals(Params.optionalBoolean(ctx, "skip_graph"));
            GraphUpdate update = GraphUpdate.parse(Web.body(ctx), force);
            long revision = permissions.updateGraph(Web.actor(ctx), update, force);
            if (skipGraph) ctx.json(Map.of("revision", revision));
            else JsonStreams.send(ctx, permissions.graph(Web.actor(ctx), update.namespace(), null));
        });
    }

    /** Each group_id a positive integer; null when none was sent (all groups). */
    private static List<Long> groupIds(List<String> raw) {
        if (raw.isEmpty()) return null;
        List<Long> ids = new ArrayList<>();
        for (String s : raw) {
            try {
                long id = Long.parseLong(s.trim());
                if (id > 0) {
                    ids.add(id);
                    continue;
                }
            } catch (NumberFormatException ignored) {
                // the 400 below
            }
            throw AppError.invalid("group_id", Body.POSITIVE_INT, s);
        }
        return ids;
    }
}
