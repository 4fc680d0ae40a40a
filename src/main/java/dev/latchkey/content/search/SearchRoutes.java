package dev.latchkey.content.search;

import dev.latchkey.content.collections.CollectionRoutes;
import dev.latchkey.core.AppError;
import dev.latchkey.web.Access;
import dev.latchkey.web.Body;
import dev.latchkey.web.Params;
import dev.latchkey.web.Router;
import dev.latchkey.web.Routes;
import dev.latchkey.web.Web;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;

/** GET /api/search and GET /api/collection/:id/items (both list content across models). */
public final class SearchRoutes implements Routes {
    private final SearchService search;
    private final ItemsService items;

    public SearchRoutes(SearchService search, ItemsService items) {
        this.search = search;
        this.items = items;
    }

    @Override
    public void register(Router r) {
        r.get("/api/collection/{id}/items", Access.AUTHENTICATED, ctx -> ctx.json(items.items(Web.actor(ctx),
                CollectionRoutes.idOrRoot(ctx), SearchQueries.ItemsQuery.of(ctx.queryParams("models"),
                        Params.optionalBoolean(ctx, "archived"), Params.optionalString(ctx, "pinned_state"),
                        Params.optionalString(ctx, "sort_column"), Params.optionalString(ctx, "sort_direction"),
                        Params.optionalLong(ctx, "limit", 0), Params.optionalLong(ctx, "offset", 0)))));
        r.get("/api/search", Access.AUTHENTICATED, ctx -> ctx.json(search.search(Web.actor(ctx),
                SearchQueries.SearchQuery.of(Params.optionalString(ctx, "q"), ctx.queryParams("models"),
                        Params.optionalBoolean(ctx, "archived"), ids(ctx, "created_by"), ids(ctx, "last_edited_by"),
                        Params.optionalString(ctx, "filter_items_in_personal_collection"),
                        Params.optionalBoolean(ctx, "search_native_query"),
                        Params.optionalLong(ctx, "limit", 0), Params.optionalLong(ctx, "offset", 0)))));
    }

    /** A repeatable positive-integer query parameter. */
    private static List<Long> ids(Context ctx, String name) {
        List<Long> out = new ArrayList<>();
        for (String raw : ctx.queryParams(name)) {
            try {
                long v = Long.parseLong(raw.trim());
                if (v > 0) { out.add(v); continue; }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw AppError.invalid(name, Body.POSITIVE_INT, raw);
        }
        return out;
    }
}
