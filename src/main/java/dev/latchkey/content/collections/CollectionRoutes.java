package dev.latchkey.content.collections;

import dev.latchkey.web.Access;
import dev.latchkey.web.JsonStreams;
import dev.latchkey.web.Params;
import dev.latchkey.web.Router;
import dev.latchkey.web.Routes;
import dev.latchkey.web.Web;
import io.javalin.http.Context;

/**
 * /api/collection. The graph routes (permissions) and /tree are registered before /{id}, which also takes "root". The
 * list and the tree are written to the response as they are serialized (an administrator's list holds every personal
 * collection: 8 MB at 20,000 people), not built as one string first.
 */
public final class CollectionRoutes implements Routes {
    private final CollectionService collections;

    public CollectionRoutes(CollectionService collections) { this.collections = collections; }

    @Override
    public void register(Router r) {
        r.get("/api/collection", Access.AUTHENTICATED, ctx -> JsonStreams.send(ctx, collections.list(Web.actor(ctx),
                new CollectionService.ListFilter(flag(ctx, "archived", false), flag(ctx, "exclude-other-user-collections", false),
                        Params.optionalString(ctx, "namespace"), flag(ctx, "personal-only", false)))));
        r.get("/api/collection/tree", Access.AUTHENTICATED, ctx -> JsonStreams.value(ctx, collections.tree(Web.actor(ctx),
                new CollectionService.TreeFilter(flag(ctx, "exclude-archived", true), flag(ctx, "exclude-other-user-collections", false),
                        Params.optionalString(ctx, "namespace"), flag(ctx, "shallow", false), Params.optionalLong(ctx, "collection-id", 1)))));
        r.get("/api/collection/{id}", Access.AUTHENTICATED, ctx -> ctx.json(collections.get(Web.actor(ctx), idOrRoot(ctx))));
        r.post("/api/collection", Access.AUTHENTICATED, ctx ->
                ctx.json(collections.create(Web.actor(ctx), CollectionInputs.parseNew(Web.body(ctx)))));
        r.put("/api/collection/{id}", Access.AUTHENTICATED, ctx ->
                ctx.json(collections.update(Web.actor(ctx), Params.id(ctx), CollectionInputs.parseChanges(Web.body(ctx)))));
    }

    /** A collection id from the path: "root" gives null (the root collection), otherwise a positive integer. */
    public static Long idOrRoot(Context ctx) {
        return "root".equals(ctx.pathParam("id")) ? null : Params.id(ctx);
    }

    private static boolean flag(Context ctx, String name, boolean fallback) {
        Boolean value = Params.optionalBoolean(ctx, name);
        return value == null ? fallback : value;
    }
}
