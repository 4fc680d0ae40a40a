package dev.latchkey.apikeys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.core.AppError;
import dev.latchkey.web.Access;
import dev.latchkey.web.Body;
import dev.latchkey.web.Params;
import dev.latchkey.web.Router;
import dev.latchkey.web.Routes;
import dev.latchkey.web.Web;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** /api/api-key: Metabase's API-key endpoints, all for admins only, plus issue 13's additive fields and routes. */
public final class ApiKeyRoutes implements Routes {
    static final String EXPIRES_AT = "value must be an ISO-8601 date-time with an offset (2026-12-31T00:00:00Z), or null.";
    static final long MAX_GRACE_SECONDS = 604_800;

    private final ApiKeyService keys;

    public ApiKeyRoutes(ApiKeyService keys) { this.keys = keys; }

    @Override
    public void register(Router r) {
        r.get("/api/api-key", Access.ADMIN, ctx -> ctx.json(keys.list(Web.actor(ctx), "true".equals(ctx.queryParam("include_personal")))));
        r.get("/api/api-key/count", Access.ADMIN, ctx -> ctx.json(keys.count(Web.actor(ctx))));
        r.get("/api/api-key/policy", Access.ADMIN, ctx -> ctx.json(keys.policy(Web.actor(ctx))));
        r.post("/api/api-key", Access.ADMIN, ctx -> {
            Body body = Web.body(ctx);
            String name = Body.maxLength("name", body.requiredNonBlank("name"), ApiKeyService.MAX_NAME);
            long groupId = body.requiredPositiveInt("group_id");
            ApiKeyService.Expiry expiry = expiry(body);
            ctx.json(keys.create(Web.actor(ctx), name, groupId, expiry == null ? null : expiry.at(),
                    KeyRestrictions.parse(body.get("restrictions"))));
        });
        r.put("/api/api-key/{id}", Access.ADMIN, ctx -> {
            long id = Params.id(ctx);
            Body body = Web.body(ctx);
            String name = Body.maxLength("name", body.optionalNonBlank("name"), ApiKeyService.MAX_NAME);
            Long groupId = body.optionalPositiveInt("group_id");
            KeyRestrictions restrictions = body.has("restrictions") ? KeyRestrictions.parse(body.get("restrictions")) : null;
            ctx.json(keys.update(Web.actor(ctx), id, name, groupId, expiry(body), restrictions));
        });
        r.put("/api/api-key/{id}/regenerate", Access.ADMIN, ctx -> {
            long id = Params.id(ctx);
            long grace = graceSeconds(Web.body(ctx));
            ctx.json(keys.regenerate(Web.actor(ctx), id, grace));
        });
        r.get("/api/api-key/{id}/usage", Access.ADMIN, ctx -> {
            long id = Params.id(ctx);
            Long days = Params.optionalLong(ctx, "days", 1);
            if (days != null && days > ApiKeyService.MAX_USAGE_DAYS) {
                throw AppError.invalid("days", "value must be an integer between 1 and " + ApiKeyService.MAX_USAGE_DAYS + ".", days);
            }
            ctx.json(keys.usage(Web.actor(ctx), id, days == null ? 30 : days.intValue()));
        });
        r.delete("/api/api-key/{id}", Access.ADMIN, ctx -> {
            keys.delete(Web.actor(ctx), Params.id(ctx));
            Web.noContent(ctx);
        });
    }

    /** expires_at: absent → null (leave as is / never); null → never; else an ISO-8601 instant. */
    static ApiKeyService.Expiry expiry(Body body) {
        if (!body.has("expires_at")) return null;
        JsonNode v = body.get("expires_at");
        if (v.isNull()) return new ApiKeyService.Expiry(null);
        if (!v.isTextual()) throw AppError.invalid("expires_at", EXPIRES_AT, v.toString());
        try {
            return new ApiKeyService.Expiry(OffsetDateTime.parse(v.asText().trim()).toInstant().toEpochMilli());
        } catch (DateTimeParseException | ArithmeticException e) {
            throw AppError.invalid("expires_at", EXPIRES_AT, v.asText());
        }
    }

    /** grace_seconds: absent or null → 0 (Metabase's regenerate); else 0 to 604800. */
    static long graceSeconds(Body body) {
        JsonNode v = body.get("grace_seconds");
        if (v == null || v.isNull()) return 0;
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0 || v.asLong() > MAX_GRACE_SECONDS) {
            throw AppError.invalid("grace_seconds", "value must be an integer between 0 and " + MAX_GRACE_SECONDS + ".", v.toString());
        }
        return v.asLong();
    }
}
