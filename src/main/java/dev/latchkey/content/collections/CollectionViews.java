package dev.latchkey.content.collections;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.latchkey.core.Times;
import dev.latchkey.permissions.Rights;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Collectors;

/** The wire shapes of collections (Metabase v0.49 /api/collection). Each picks its fields explicitly. */
public final class CollectionViews {
    public static final String ROOT_NAME = "Our analytics";

    private CollectionViews() {}

    /** A collection row as GET /api/collection lists it: its columns plus can_write and is_personal. */
    public record CollectionView(String authorityLevel, String description, boolean archived, String slug, String color,
                                 boolean canWrite, String name, Long personalOwnerId, String type, boolean isPersonal,
                                 long id, String entityId, String location, String namespace, OffsetDateTime createdAt) {
        static CollectionView of(CollectionRow c, Rights rights, boolean personalTree) {
            return new CollectionView(c.authorityLevel(), c.description(), c.archived(), c.slug(), c.color(),
                    rights.canWrite(c.id(), c.location()), c.name(), c.personalOwnerId(), c.type(), personalTree,
                    c.id(), c.entityId(), c.location(), c.namespace(), Times.iso(c.createdAt()));
        }
    }

    /** GET /api/collection/:id, and the answer of POST and PUT: the row plus its effective place. */
    public record CollectionDetail(@JsonUnwrapped CollectionView collection, Long parentId, String effectiveLocation,
                                   List<Object> effectiveAncestors) {}

    /** The root pseudo-collection: not a row, it holds everything whose collection_id is null. */
    public record RootView(String id, String name, String authorityLevel, Long parentId, String effectiveLocation,
                           List<Object> effectiveAncestors, boolean canWrite, boolean isPersonal) {
        static RootView of(Rights rights) {
            return new RootView("root", ROOT_NAME, null, null, null, List.of(), rights.root().canWrite(), false);
        }
    }

    /** Root as it appears first in another collection's effective_ancestors (Metabase's literal key). */
    public record RootAncestor(@JsonProperty("metabase.models.collection.root/is-root?") boolean isRoot, String name,
                               String id, String authorityLevel, boolean canWrite) {
        static RootAncestor of(Rights rights) { return new RootAncestor(true, ROOT_NAME, "root", null, rights.root().canWrite()); }
    }

    public record Ancestor(long id, String name, String slug, String authorityLevel, String type,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Long personalOwnerId, boolean canWrite) {
        static Ancestor of(CollectionRow c, Rights rights) {
            return new Ancestor(c.id(), c.name(), c.slug(), c.authorityLevel(), c.type(), c.personalOwnerId(),
                    rights.canWrite(c.id(), c.location()));
        }
    }

    /** A node of GET /api/collection/tree; `children` is a list, or a boolean when shallow. */
    public record TreeNode(@JsonUnwrapped CollectionView collection, Object children,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> here,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> below) {}

    /** A collection as cards, dashboards and search results embed it (`collection`). */
    public record CollectionSummary(long id, String name, String slug, String description, boolean archived, String location,
                                    Long personalOwnerId, String entityId, String authorityLevel, String type, String namespace,
                                    OffsetDateTime createdAt, boolean isPersonal) {
        static CollectionSummary of(CollectionRow c, boolean personalTree) {
            return new CollectionSummary(c.id(), c.name(), c.slug(), c.description(), c.archived(), c.location(),
                    c.personalOwnerId(), c.entityId(), c.authorityLevel(), c.type(), c.namespace(), Times.iso(c.createdAt()),
                    personalTree);
        }
    }

    /** The location with the ids the caller cannot read left out ("/1/5/" becomes "/5/" without read on 1). */
    static String effectiveLocation(List<CollectionRow> ancestors, Rights rights) {
        String ids = ancestors.stream().filter(a -> rights.canRead(a.id(), a.location()))
                .map(a -> String.valueOf(a.id())).collect(Collectors.joining("/"));
        return ids.isEmpty() ? "/" : "/" + ids + "/";
    }
}
