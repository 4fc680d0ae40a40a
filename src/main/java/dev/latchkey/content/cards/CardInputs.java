package dev.latchkey.content.cards;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.content.Change;
import dev.latchkey.content.JsonValues;
import dev.latchkey.core.AppError;
import dev.latchkey.web.Body;

/**
 * Request bodies of POST and PUT /api/card, validated in the order Metabase v0.49 lists the params, so the
 * first failing one is the one reported. JSON fields arrive here already as text.
 */
public final class CardInputs {
    static final String PARAMETERS = "nullable sequence of parameter must be a map with :id and :type keys";
    static final String MAPPINGS = "nullable sequence of parameter_mapping must be a map with :parameter_id and :target keys";
    static final String TYPE = "nullable enum of model, question";
    static final String METADATA = "nullable sequence of maps";

    private CardInputs() {}

    /** A new question. `entityId` is null for API calls; serialization passes the exported one. */
    public record NewCard(String name, String description, String display, String datasetQuery, String visualizationSettings,
                          String parameters, String parameterMappings, String resultMetadata, Long collectionId,
                          Integer collectionPosition, Integer cacheTtl, String cardType, String entityId) {}

    /** A partial update: null fields and null Changes are left as they are. */
    public record CardChanges(Boolean collectionPreview, String visualizationSettings, String parameters, Change<Boolean> dataset,
                              Change<String> description, Boolean archived, Change<Integer> collectionPosition,
                              String resultMetadata, Boolean enableEmbedding, Change<Long> collectionId, String name,
                              String cardType, String embeddingParams, Change<Integer> cacheTtl, String datasetQuery,
                              String display, String parameterMappings) {}

    static NewCard parseNew(Body b) {
        JsonValues.requirePortable(b.json());
        String viz = JsonValues.requireMap("visualization_settings", b.get("visualization_settings"));
        String parameters = optionalList(b, "parameters", PARAMETERS, "id", "type");
        Boolean dataset = b.optionalBoolean("dataset");
        String description = b.optionalNonBlank("description");
        Integer position = positiveInt(b, "collection_position");
        String metadata = optionalList(b, "result_metadata", METADATA);
        Long collectionId = b.optionalPositiveInt("collection_id");
        String name = Body.maxLength("name", b.requiredNonBlank("name"), 254);
        String type = type(b);
        Integer cacheTtl = positiveInt(b, "cache_ttl");
        String query = JsonValues.requireMap("dataset_query", b.get("dataset_query"));
        String mappings = optionalList(b, "parameter_mappings", MAPPINGS, "parameter_id", "target");
        String display = Body.maxLength("display", b.requiredNonBlank("display"), 254);
        String cardType = type != null ? type : Boolean.TRUE.equals(dataset) ? Card.MODEL : Card.QUESTION;
        return new NewCard(name, description, display, query, viz, orEmpty(parameters), orEmpty(mappings), metadata,
                collectionId, position, cacheTtl, cardType, null);
    }

    static CardChanges parseChanges(Body b) {
        JsonValues.requirePortable(b.json());
        Boolean preview = b.optionalBoolean("collection_preview");
        String viz = b.isNull("visualization_settings") ? null : JsonValues.requireMap("visualization_settings", b.get("visualization_settings"));
        String parameters = optionalList(b, "parameters", PARAMETERS, "id", "type");
        Change<Boolean> dataset = b.has("dataset") ? Change.of(b.optionalBoolean("dataset")) : null;
        Change<String> description = b.has("description") ? Change.of(b.optionalString("description")) : null;
        Boolean archived = b.optionalBoolean("archived");
        Change<Integer> position = b.has("collection_position") ? Change.of(positiveInt(b, "collection_position")) : null;
        String metadata = optionalList(b, "result_metadata", METADATA);
        Boolean embedding = b.optionalBoolean("enable_embedding");
        Change<Long> collectionId = b.has("collection_id") ? Change.of(b.optionalPositiveInt("collection_id")) : null;
        String name = Body.maxLength("name", b.optionalNonBlank("name"), 254);
        String type = type(b);
        String embeddingParams = b.isNull("embedding_params") ? null : JsonValues.requireMap("embedding_params", b.get("embedding_params"));
        Change<Integer> cacheTtl = b.has("cache_ttl") ? Change.of(positiveInt(b, "cache_ttl")) : null;
        String query = b.isNull("dataset_query") ? null : JsonValues.requireMap("dataset_query", b.get("dataset_query"));
        String display = Body.maxLength("display", b.optionalNonBlank("display"), 254);
        String mappings = optionalList(b, "parameter_mappings", MAPPINGS, "parameter_id", "target");
        return new CardChanges(preview, viz, parameters, dataset, description, archived, position, metadata, embedding,
                collectionId, name, type, embeddingParams, cacheTtl, query, display, mappings);
    }

    private static String optionalList(Body b, String field, String message, String... keys) {
        JsonNode v = b.get(field);
        return v == null || v.isNull() ? null : JsonValues.requireMapList(field, v, message, keys);
    }

    private static String orEmpty(String list) { return list == null ? JsonValues.EMPTY_LIST : list; }

    private static Integer positiveInt(Body b, String field) {
        Long v = b.optionalPositiveInt(field);
        if (v == null) return null;
        if (v > Integer.MAX_VALUE) throw AppError.invalid(field, Body.POSITIVE_INT, v);
        return v.intValue();
    }

    private static String type(Body b) {
        JsonNode v = b.get("type");
        if (v == null || v.isNull()) return null;
        if (v.isTextual() && (v.asText().equals(Card.MODEL) || v.asText().equals(Card.QUESTION))) return v.asText();
        throw AppError.invalid("type", TYPE, v.toString());
    }
}
