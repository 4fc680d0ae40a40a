package dev.latchkey.audit;

import dev.latchkey.web.Access;
import dev.latchkey.web.Params;
import dev.latchkey.web.Router;
import dev.latchkey.web.Routes;
import dev.latchkey.web.Web;

/** GET /api/audit-log?model=&model_id=&topic=&limit=&offset= (admins only; a Latchkey extension). */
public final class AuditRoutes implements Routes {
    private final AuditService audit;

    public AuditRoutes(AuditService audit) { this.audit = audit; }

    @Override
    public void register(Router r) {
        r.get("/api/audit-log", Access.ADMIN, ctx -> ctx.json(audit.list(Web.actor(ctx),
                Params.optionalString(ctx, "model"), Params.optionalLong(ctx, "model_id", 1),
                Params.optionalString(ctx, "topic"), Params.optionalLong(ctx, "limit", 1),
                Params.optionalLong(ctx, "offset", 0))));
    }
}
