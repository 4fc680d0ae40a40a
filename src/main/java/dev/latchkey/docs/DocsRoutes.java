package dev.latchkey.docs;

import dev.latchkey.core.Json;
import dev.latchkey.web.Access;
import dev.latchkey.web.Router;
import dev.latchkey.web.Routes;
import dev.latchkey.web.Web;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * /api/docs: the OpenAPI document and Swagger UI to browse it. Swagger UI's files come from its WebJar inside the
 * jar (no third-party origin) and the page runs under the admin UI's Content-Security-Policy: its start-up script
 * is a file of ours, not inline.
 */
public final class DocsRoutes implements Routes {
    private static final String WEBJAR = "/META-INF/resources/webjars/swagger-ui/";
    /** The only files served, with their types: nothing else of the class path is reachable through this route. */
    private static final Map<String, String> ASSETS = Map.of(
            "swagger-ui.css", "text/css; charset=utf-8",
            "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
            "favicon-32x32.png", "image/png");

    private final Supplier<List<Web.RouteInfo>> routes;
    private final String version;
    private volatile byte[] document;

    public DocsRoutes(Supplier<List<Web.RouteInfo>> routes, String version) {
        this.routes = routes;
        this.version = version;
    }

    @Override
    public void register(Router r) {
        r.get("/api/docs", Access.PUBLIC, ctx -> page(ctx, "/docs/index.html", "text/html; charset=utf-8"));
        r.get("/api/docs/openapi.json", Access.PUBLIC, ctx -> ctx.contentType("application/json").result(document()));
        r.get("/api/docs/assets/{file}", Access.PUBLIC, this::asset);
    }

    /** Built on first use (the route table is complete only once the app is built), then kept: routes never change. */
    private byte[] document() {
        byte[] d = document;
        if (d == null) document = d = Json.write(OpenApi.document(routes.get(), version)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return d;
    }

    private void asset(Context ctx) {
        String file = ctx.pathParam("file");
        if (file.equals("init.js")) {
            page(ctx, "/docs/init.js", "text/javascript; charset=utf-8");
            return;
        }
        String type = ASSETS.get(file);
        if (type == null) throw dev.latchkey.core.AppError.notFound();
        page(ctx, WEBJAR + webjarVersion() + "/" + file, type);
    }

    private static void page(Context ctx, String resource, String type) {
        try (InputStream in = DocsRoutes.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing from the jar: " + resource);
            ctx.header("Content-Security-Policy", Web.CSP).header("Cache-Control", "no-cache").contentType(type).result(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The WebJar's version, from its Maven metadata, so a dependency upgrade needs no code change. */
    private static String webjarVersion() {
        try (InputStream in = DocsRoutes.class.getResourceAsStream("/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) throw new IllegalStateException("the swagger-ui WebJar is missing from the class path");
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
