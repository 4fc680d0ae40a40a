package dev.latchkey.gateway;

import dev.latchkey.web.Access;
import dev.latchkey.web.Router;
import dev.latchkey.web.Routes;
import dev.latchkey.web.Web;

/**
 * POST /api/api-key/leaked: public, for GitHub's secret scanning (see {@link LeakReports}). Registered only when the
 * operator configured signing keys; otherwise the path is the 404 of any unknown /api endpoint.
 */
public final class LeakReportRoutes implements Routes {
    private final LeakReports reports;

    public LeakReportRoutes(LeakReports reports) { this.reports = reports; }

    @Override
    public void register(Router r) {
        r.post("/api/api-key/leaked", Access.PUBLIC, ctx -> ctx.json(reports.report(ctx.bodyAsBytes(),
                ctx.header("Github-Public-Key-Identifier"), ctx.header("Github-Public-Key-Signature"), Web.clientAddress(ctx))));
    }
}
