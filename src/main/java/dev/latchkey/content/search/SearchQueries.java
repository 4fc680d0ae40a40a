package dev.latchkey.content.search;

import dev.latchkey.core.AppError;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The query parameters of the items and search endpoints, validated with Metabase's enum messages. */
public final class SearchQueries {
    static final List<String> ITEM_MODELS = List.of("card", "collection", "dashboard", "dataset", "no_models", "pulse", "snippet", "timeline");
    static final List<String> DEFAULT_ITEM_MODELS = List.of("card", "collection", "dashboard", "dataset", "pulse", "timeline");
    static final List<String> SEARCH_MODELS = List.of("dashboard", "table", "dataset", "segment", "collection", "database",
            "action", "indexed-entity", "metric", "card");

    private SearchQueries() {}

    /** GET /api/collection/:id/items options. `models` is sorted, as Metabase echoes it. */
    public record ItemsQuery(List<String> models, boolean archived, String pinnedState, String sortColumn,
                             boolean descending, Long limit, Long offset) {
        public static ItemsQuery of(List<String> models, Boolean archived, String pinnedState, String sortColumn,
                                    String sortDirection, Long limit, Long offset) {
            List<String> chosen = models == null || models.isEmpty() ? DEFAULT_ITEM_MODELS
                    : List.copyOf(new TreeSet<>(oneOf("models", models, ITEM_MODELS)));
            if (chosen.contains("no_models")) chosen = List.of();
            String pinned = pinnedState == null ? "all" : oneOf("pinned_state", pinnedState, List.of("all", "is_pinned", "is_not_pinned"));
            String column = sortColumn == null ? "name" : oneOf("sort_column", sortColumn, List.of("name", "last_edited_at", "last_edited_by", "model"));
            String direction = sortDirection == null ? "asc" : oneOf("sort_direction", sortDirection, List.of("asc", "desc"));
            return new ItemsQuery(chosen, Boolean.TRUE.equals(archived), pinned, column, direction.equals("desc"), limit, offset);
        }
    }

    /**
     * GET /api/search options; `q` null matches everything. `nativeQuery` (search_native_query, v0.48+) also matches
     * questions on the text of their native query.
     */
    public record SearchQuery(String q, List<String> models, boolean archived, Set<Long> createdBy, Set<Long> lastEditedBy,
                              String personal, boolean nativeQuery, Long limit, Long offset) {
        public static SearchQuery of(String q, List<String> models, Boolean archived, List<Long> createdBy,
                                     List<Long> lastEditedBy, String personal, Boolean nativeQuery, Long limit, Long offset) {
            List<String> chosen = models == null || models.isEmpty() ? SEARCH_MODELS : oneOf("models", models, SEARCH_MODELS);
            if (!createdBy.isEmpty() || !lastEditedBy.isEmpty()) {
                chosen = chosen.stream().filter(m -> List.of("dashboard", "dataset", "action", "card").contains(m)).toList();
            }
            String p = personal == null ? null : oneOf("filter_items_in_personal_collection", personal, List.of("only", "exclude"));
            return new SearchQuery(q == null || q.isBlank() ? null : q.trim(), List.copyOf(new LinkedHashSet<>(chosen)),
                    Boolean.TRUE.equals(archived), Set.copyOf(createdBy), Set.copyOf(lastEditedBy), p,
                    Boolean.TRUE.equals(nativeQuery), limit, offset);
        }
    }

    private static List<String> oneOf(String field, List<String> values, List<String> allowed) {
        List<String> out = new ArrayList<>();
        for (String v : values) out.add(oneOf(field, v, allowed));
        return out;
    }

    private static String oneOf(String field, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw AppError.invalid(field, "nullable enum of " + String.join(", ", allowed), value);
        }
        return value;
    }
}
