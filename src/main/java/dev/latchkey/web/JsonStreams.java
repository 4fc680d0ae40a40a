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
