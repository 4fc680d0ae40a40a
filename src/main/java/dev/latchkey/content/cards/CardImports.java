package dev.latchkey.content.cards;

import dev.latchkey.content.ImportResult;
import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.content.cards.CardService.Imported;
import dev.latchkey.core.Json;
import org.jdbi.v3.core.Handle;

/**
 * Serialization's writes to questions, inside the importing transaction: matched by entity_id, created
 * (keeping entity_id, creator and created_at) or updated to match the export. query_type, database_id and
 * table_id are derived from the query, as on every save. An archived flag that changes is set on the card
 * alone, outside any archive operation. Public links are not imported: they stay as they are here.
 */
final class CardImports {
    private final CardRepository repo;

    CardImports(CardRepository repo) {
        this.repo = repo;
    }

    ImportResult apply(Handle h, long actorId, Imported in) {
        long now = System.currentTimeMillis();
        Card existing = repo.findByEntityId(h, in.entityId()).orElse(null);
        JsonNode query = Json.read(in.datasetQuery());
        String display = Card.MODEL.equals(in.cardType()) ? "table" : in.display();
        // archive bookkeeping stays when the flag does not change; otherwise the row is (un)archived on its own
        boolean keep = existing != null && existing.archived() == in.archived();
        Card row = new Card(existing == null ? 0 : existing.id(), in.entityId(), in.name(), in.description(), display,
                in.datasetQuery(), in.visualizationSettings(), in.parameters(), in.parameterMappings(), in.resultMetadata(),
                CardChangesApplier.queryType(query), CardChangesApplier.databaseId(query), CardChangesApplier.tableId(query),
                in.cardType(), in.collectionId(), in.collectionPosition(), in.collectionPreview(),
                existing == null ? in.creatorId() : existing.creatorId(), actorId, in.cacheTtl(), in.enableEmbedding(),
                in.embeddingParams(), existing == null ? null : existing.publicUuid(),
                existing == null ? null : existing.madePublicById(), in.archived(),
                keep ? existing.archivedDirectly() : (in.archived() ? Boolean.TRUE : null),
                keep ? existing.archiveOperationId() : null, existing == null ? in.createdAt() : existing.createdAt(), now);
        if (existing != null) {
            repo.update(h, row);
            return new ImportResult(existing.id(), false);
        }
        long id = repo.insert(h, row);
        // the insert leaves archived_directly empty; an archived card from an export is archived on its own
        if (in.archived()) repo.update(h, withId(row, id));
        return new ImportResult(id, true);
    }

    private static Card withId(Card c, long id) {
        return new Card(id, c.entityId(), c.name(), c.description(), c.display(), c.datasetQuery(), c.visualizationSettings(),
                c.parameters(), c.parameterMappings(), c.resultMetadata(), c.queryType(), c.databaseId(), c.tableId(),
                c.cardType(), c.collectionId(), c.collectionPosition(), c.collectionPreview(), c.creatorId(), c.lastEditorId(),
                c.cacheTtl(), c.enableEmbedding(), c.embeddingParams(), c.publicUuid(), c.madePublicById(), c.archived(),
                c.archivedDirectly(), c.archiveOperationId(), c.createdAt(), c.updatedAt());
    }
}
