package dev.latchkey.serialization;

import dev.latchkey.core.AppError;
import dev.latchkey.web.Access;
import dev.latchkey.web.Body;
import dev.latchkey.web.Params;
import dev.latchkey.web.Router;
import dev.latchkey.web.Routes;
import dev.latchkey.web.Web;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Metabase's serialization API (EE paths): export as .tar.gz, import an uploaded .tar.gz. Admins only. */
public final class SerializationRoutes implements Routes {
    static final String FILE_MESSAGE = "value must be a file.";

    private final SerializationService service;

    public SerializationRoutes(SerializationService service) { this.service = service; }

    @Override
    public void register(Router r) {
        r.post("/api/ee/serialization/export", Access.ADMIN, this::export);
        r.post("/api/ee/serialization/import", Access.ADMIN, this::importArchive);
    }

    private void export(Context ctx) {
        ExportOptions options = ExportOptions.parse(ctx.queryParams("collection"),
                Params.optionalBoolean(ctx, "all_collections"), Params.optionalBoolean(ctx, "settings"),
                Params.optionalBoolean(ctx, "data_model"), Params.optionalBoolean(ctx, "field_values"),
                Params.optionalBoolean(ctx, "database_secrets"), Params.optionalString(ctx, "dirname"));
        SerializationService.ExportResult result = service.export(Web.actor(ctx), options);
        ctx.contentType("application/gzip")
                .header("Content-Disposition", "attachment; filename=\"" + result.dirname() + ".tar.gz\"")
                .result(result.archive());
    }

    private void importArchive(Context ctx) {
        Boolean continueOnError = Params.optionalBoolean(ctx, "continue_on_error");
        UploadedFile file = upload(ctx);
        if (continueOnError == null) continueOnError = formBoolean(ctx, "continue_on_error");
        try (InputStream in = file.content()) {
            String log = service.importArchive(Web.actor(ctx), in, continueOnError);
            ctx.contentType("text/plain; charset=utf-8").result(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The multipart field "file". Not multipart, no such field, or a body Jetty cannot parse: 400 on "file";
     * over the upload limit (Jetty stops reading at it): 413.
     */
    private static UploadedFile upload(Context ctx) {
        if (!ctx.isMultipartFormData()) throw AppError.invalid("file", FILE_MESSAGE, null);
        UploadedFile file;
        try {
            file = ctx.uploadedFile("file");
        } catch (Exception e) { // Jetty's ServletException / BadMessageException, thrown through Kotlin unchecked
            if (tooLarge(e)) throw AppError.tooLarge("The upload is larger than " + (Web.MAX_UPLOAD_BYTES >> 20) + " MB.");
            throw AppError.invalid("file", FILE_MESSAGE, "unreadable multipart body");
        }
        if (file == null) throw AppError.invalid("file", FILE_MESSAGE, null);
        return file;
    }

    private static boolean tooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && m.matches("(?s).*max (file|request) size exceeded.*")) return true;
        }
        return false;
    }

    private static boolean formBoolean(Context ctx, String name) {
        String raw = ctx.formParam(name);
        if (raw == null || raw.isBlank()) return false;
        if (raw.equalsIgnoreCase("true")) return true;
        if (raw.equalsIgnoreCase("false")) return false;
        throw AppError.invalid(name, Body.BOOLEAN, raw);
    }
}
