package dev.latchkey.content.cards;

import dev.latchkey.web.Access;
import dev.latchkey.web.Body;
import dev.latchkey.web.Params;
import dev.latchkey.web.Router;
import dev.latchkey.web.Routes;
import dev.latchkey.web.Web;

import java.util.List;
import java.util.Map;

/** /api/card: questions. */
public final class CardRoutes implements Routes {
    private final CardService cards;

    public CardRoutes(CardService cards) { this.cards = cards; }

    @Override
    public void register(Router r) {
        r.get("/api/card", Access.AUTHENTICATED, ctx -> ctx.json(cards.list(Web.actor(ctx),
                ctx.queryParam("f") == null ? "all" : ctx.queryParam("f"), Params.optionalLong(ctx, "model_id", 1))));
        r.post("/api/card", Access.AUTHENTICATED, ctx -> ctx.json(cards.create(Web.actor(ctx), CardInputs.parseNew(Web.body(ctx)))));
        r.post("/api/card/collections", Access.AUTHENTICATED, ctx -> {
            Body body = Web.body(ctx);
            List<Long> ids = body.optionalIdList("card_ids");
            if (ids == null) throw dev.latchkey.core.AppError.invalid("card_ids", "value must be an array of integers greater than zero.", null);
            cards.moveAll(Web.actor(ctx), ids, body.optionalPositiveInt("collection_id"));
            ctx.json(Map.of("status", "ok"));
        });
        r.get("/api/card/{id}", Access.AUTHENTICATED, ctx -> ctx.json(cards.get(Web.actor(ctx), Params.id(ctx))));
        r.put("/api/card/{id}", Access.AUTHENTICATED, ctx ->
                ctx.json(cards.update(Web.actor(ctx), Params.id(ctx), CardInputs.parseChanges(Web.body(ctx)))));
        r.delete("/api/card/{id}", Access.AUTHENTICATED, ctx -> {
            cards.delete(Web.actor(ctx), Params.id(ctx));
            Web.noContent(ctx);
        });
        r.post("/api/card/{id}/copy", Access.AUTHENTICATED, ctx -> ctx.json(cards.copy(Web.actor(ctx), Params.id(ctx))));
    }
}
