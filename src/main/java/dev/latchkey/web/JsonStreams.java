package dev.latchkey.web;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.latchkey.core.Json;
import dev.latchkey.core.JsonBody;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** Sends a JsonBody as it is written (Javalin's own compression still applies), with the wire's JSON settings. */
public final class JsonStreams {
    private JsonStreams() {}

    /**
     * Serializes a value straight to the response, for large answers (every collection, every person): Javalin's
     * json() builds the whole body as one string first, and its jsonStream() does the same or pipes it through
     * another thread.
     */
    public static void value(Context ctx, Object value) { send(ctx, g -> Json.MAPPER.writeValue(g, value)); }

    public static void send(Context ctx, JsonBody body) {
        ctx.contentType("application/json");
        try (OutputStream out = ctx.outputStream()) {
            // Not closed on failure, and never auto-completed: a body cut short must not look like a whole one.
            JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
            body.writeTo(g);
            g.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
