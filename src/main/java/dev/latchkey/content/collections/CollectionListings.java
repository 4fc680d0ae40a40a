package dev.latchkey.content.collections;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.latchkey.cluster.ClusterCache;
import dev.latchkey.cluster.Invalidation;
import dev.latchkey.cluster.Invalidations;
import dev.latchkey.core.Json;
import dev.latchkey.core.JsonBody;
import dev.latchkey.core.Times;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * GET /api/collection as bytes: the rows in CollectionView's wire shape (its fields, in its order, as the mapper writes
 * them), written with pre-encoded field names instead of through a bean serializer (which was half of an
 * administrator's listing of 22,000 collections), and an administrator's full listings kept.
 * <p>
 * The cache (owner: CollectionService) holds the listings that do not depend on who asks: a superuser's, not excluding
 * other people's collections (can_write is true everywhere, every collection is listed), by (archived, namespace,
 * personal-only). Invalidation: every write of the collection table publishes {@link Invalidation.Collections} in the
 * writer's transaction (CollectionRepository, the one place that writes the table), which empties this cache here
 * before and after the commit and on every other instance before the writer's commit returns ({@link Invalidations});
 * a listing read while a write commits is not kept ({@link ClusterCache}). Bounds: {@value Invalidations#FALLBACK_TTL_MS}
 * ms on an instance whose channel is down; {@value Invalidations#MAX_AGE_SECONDS} s for changes made outside Latchkey.
 */
final class CollectionListings {
    /** Which listing: the filters that remain once the caller is a superuser who sees every collection. */
    record Key(boolean archived, String namespace, boolean personalOnly) {}

    /** One listed collection and what the caller's rights make of it. */
    record Listed(CollectionRow row, boolean canWrite, boolean isPersonal) {}

    private static final SerializableString AUTHORITY_LEVEL = name("authority_level"), DESCRIPTION = name("description"),
            ARCHIVED = name("archived"), SLUG = name("slug"), COLOR = name("color"), CAN_WRITE = name("can_write"),
            NAME = name("name"), PERSONAL_OWNER_ID = name("personal_owner_id"), TYPE = name("type"),
            IS_PERSONAL = name("is_personal"), ID = name("id"), ENTITY_ID = name("entity_id"), LOCATION = name("location"),
            NAMESPACE = name("namespace"), CREATED_AT = name("created_at");

    private final ClusterCache<Key, byte[]> cache;

    CollectionListings(Invalidations invalidations) {
        // a few listings of a few MB each; namespaces come from the query string, so the count is bounded
        this.cache = new ClusterCache<>(invalidations, 8, (inv, c) -> {
            if (inv instanceof Invalidation.Collections) c.invalidateAll();
        });
    }

    byte[] get(Key key, Function<Key, byte[]> load) { return cache.get(key, load); }

    /** The listing as JSON bytes: the root (when not null) and then the rows, in the order given. */
    static byte[] render(Object root, List<Listed> rows) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512 + rows.size() * 400);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(bytes)) {
            g.writeStartArray();
            if (root != null) g.writeObject(root);
            for (Listed l : rows) write(g, l.row(), l.canWrite(), l.isPersonal());
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A body of bytes rendered before: written to the response's byte stream as they are. */
    static JsonBody body(byte[] json) {
        return g -> {
            g.flush();
            if (g.getOutputTarget() instanceof OutputStream out) out.write(json);
            else g.writeRaw(new String(json, StandardCharsets.UTF_8));
        };
    }

    /** CollectionView, field by field (CollectionListingsTest holds the two to the same bytes). */
    static void write(JsonGenerator g, CollectionRow c, boolean canWrite, boolean isPersonal) throws IOException {
        g.writeStartObject();
        string(g, AUTHORITY_LEVEL, c.authorityLevel());
        string(g, DESCRIPTION, c.description());
        g.writeFieldName(ARCHIVED);
        g.writeBoolean(c.archived());
        string(g, SLUG, c.slug());
        string(g, COLOR, c.color());
        g.writeFieldName(CAN_WRITE);
        g.writeBoolean(canWrite);
        string(g, NAME, c.name());
        g.writeFieldName(PERSONAL_OWNER_ID);
        if (c.personalOwnerId() == null) g.writeNull();
        else g.writeNumber(c.personalOwnerId());
        string(g, TYPE, c.type());
        g.writeFieldName(IS_PERSONAL);
        g.writeBoolean(isPersonal);
        g.writeFieldName(ID);
        g.writeNumber(c.id());
        string(g, ENTITY_ID, c.entityId());
        string(g, LOCATION, c.location());
        string(g, NAMESPACE, c.namespace());
        string(g, CREATED_AT, Times.isoText(c.createdAt()));
        g.writeEndObject();
    }

    private static void string(JsonGenerator g, SerializableString field, String value) throws IOException {
        g.writeFieldName(field);
        if (value == null) g.writeNull();
        else g.writeString(value);
    }

    private static SerializableString name(String s) { return new SerializedString(s); }
}
