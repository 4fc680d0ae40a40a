package dev.latchkey.settings;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.core.AppError;
import dev.latchkey.core.Json;
import dev.latchkey.web.Access;
import dev.latchkey.web.Body;
import dev.latchkey.web.Router;
import dev.latchkey.web.Routes;
import dev.latchkey.web.Web;

import java.util.LinkedHashMap;
import java.util.Map;

/** /api/setting: Metabase's settings API (admins only). */
public final class SettingRoutes implements Routes {
    private final SettingsService settings;

    public SettingRoutes(SettingsService settings) { this.settings = settings; }

    @Override
    public void register(Router r) {
        r.get("/api/setting", Access.ADMIN, ctx -> ctx.json(settings.list(Web.actor(ctx))));
        r.put("/api/setting", Access.ADMIN, ctx -> {
            settings.update(Web.actor(ctx), fields(Web.body(ctx)));
            Web.noContent(ctx);
        });
        // written by hand: Javalin would send a String value raw, and the answer is the value as JSON ("Acme", true)
        r.get("/api/setting/{key}", Access.ADMIN, ctx -> ctx.contentType("application/json")
                .result(Json.write(settings.get(Web.actor(ctx), ctx.pathParam("key")))));
        r.put("/api/setting/{key}", Access.ADMIN, ctx -> {
            Body body = Web.body(ctx);
            if (!body.has("value")) throw AppError.invalid("value", "value must be present.", null);
            settings.update(Web.actor(ctx), Map.of(ctx.pathParam("key"), body.get("value")));
            Web.noContent(ctx);
        });
    }

    /** The bulk body: {key: value, ...} (a JSON null stays a null node, meaning "reset"). */
    private static Map<String, JsonNode> fields(Body body) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        body.json().properties().forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
