package dev.latchkey.content.dashboards;

import dev.latchkey.web.Access;
import dev.latchkey.web.Params;
import dev.latchkey.web.Router;
import dev.latchkey.web.Routes;
import dev.latchkey.web.Web;

/** /api/dashboard: dashboards with their tabs and dashcards. */
public final class DashboardRoutes implements Routes {
    private final DashboardService dashboards;

    public DashboardRoutes(DashboardService dashboards) { this.dashboards = dashboards; }

    @Override
    public void register(Router r) {
        r.get("/api/dashboard", Access.AUTHENTICATED, ctx -> ctx.json(dashboards.list(Web.actor(ctx),
                ctx.queryParam("f") == null ? "all" : ctx.queryParam("f"))));
        r.post("/api/dashboard", Access.AUTHENTICATED, ctx ->
                ctx.json(dashboards.create(Web.actor(ctx), DashboardInputs.parseNew(Web.body(ctx)))));
        r.get("/api/dashboard/{id}", Access.AUTHENTICATED, ctx -> ctx.json(dashboards.get(Web.actor(ctx), Params.id(ctx))));
        r.put("/api/dashboard/{id}", Access.AUTHENTICATED, ctx ->
                ctx.json(dashboards.update(Web.actor(ctx), Params.id(ctx), DashboardInputs.parseChanges(Web.body(ctx)))));
        r.put("/api/dashboard/{id}/cards", Access.AUTHENTICATED, ctx ->
                ctx.json(dashboards.updateCards(Web.actor(ctx), Params.id(ctx), DashboardInputs.parseCards(Web.body(ctx)))));
        r.delete("/api/dashboard/{id}", Access.AUTHENTICATED, ctx -> {
            dashboards.delete(Web.actor(ctx), Params.id(ctx));
            Web.noContent(ctx);
        });
        r.post("/api/dashboard/{id}/copy", Access.AUTHENTICATED, ctx ->
                ctx.json(dashboards.copy(Web.actor(ctx), Params.id(ctx), DashboardInputs.parseCopy(Web.body(ctx)))));
    }
}
