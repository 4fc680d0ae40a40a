package dev.latchkey.web;

import dev.latchkey.core.AppError;
import io.javalin.http.Context;

/** Path and query parameters, validated with Metabase's messages. */
public final class Params {
    private Params() {}

    public static long id(Context ctx) { return positiveId(ctx, "id"); }

    public static long positiveId(Context ctx, String name) {
        String raw = ctx.pathParam(name);
        try {
            long value = Long.parseLong(raw);
            if (value > 0) return value;
        } catch (NumberFormatException ignored) {
            // fall through to the 400 below
        }
        throw AppError.invalid(name, Body.POSITIVE_INT, raw);
    }

    public static Long optionalLong(Context ctx, String name, long min) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) return null;
        try {
            long value = Long.parseLong(raw.trim());
            if (value >= min) return value;
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw AppError.invalid(name, min > 0 ? Body.POSITIVE_INT : "value must be an integer greater than or equal to " + min + ".", raw);
    }

    public static Boolean optionalBoolean(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) return null;
        if (raw.equalsIgnoreCase("true")) return true;
        if (raw.equalsIgnoreCase("false")) return false;
        throw AppError.invalid(name, Body.BOOLEAN, raw);
    }

    public static String optionalString(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        return raw == null || raw.isBlank() ? null : Body.withoutNul(name, raw);
    }
}
