package dev.latchkey.web;

import dev.latchkey.db.Availability;

import java.util.Map;

/**
 * GET /api/health as Metabase answers it: 200 {"status": "ok"}, or 503 {"status": "Unable to get app-db
 * connection"} while the application database cannot be reached. Bounded in time ({@link Availability}).
 */
public final class Health implements Routes {
    public static final String NO_APP_DB = "Unable to get app-db connection";
    private final Availability availability;

    public Health(Availability availability) { this.availability = availability; }

    @Override
    public void register(Router r) {
        r.get("/api/health", Access.PUBLIC, ctx -> {
            if (availability.reachable()) ctx.json(Map.of("status", "ok"));
            else ctx.status(503).json(Map.of("status", NO_APP_DB));
        });
    }
}
