package dev.latchkey.content.collections;

import dev.latchkey.content.collections.CollectionListings.Listed;
import dev.latchkey.content.collections.CollectionViews.CollectionView;
import dev.latchkey.content.collections.CollectionViews.RootView;
import dev.latchkey.core.Json;
import dev.latchkey.core.Times;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written listing writer produces the bytes the mapper writes for CollectionView (the wire must not move). */
class CollectionListingsTest {
    private static CollectionRow row(long id, String name, Long owner, String type, boolean archived, long createdAt) {
        return new CollectionRow(id, "e" + id, name, "slug_" + id, id % 3 == 0 ? null : "about \"" + name + "\"\n",
                id % 2 == 0 ? "#509EE3" : null, id % 4 == 0 ? "/" : "/1/" + id + "/", owner, id % 5 == 0 ? "snippets" : null,
                id % 7 == 0 ? "official" : null, type, archived, archived ? Boolean.TRUE : null, null, createdAt);
    }

    private static String mapper(Object root, List<Listed> rows) {
        List<Object> out = new ArrayList<>();
        if (root != null) out.add(root);
        for (Listed l : rows) {
            CollectionRow c = l.row();
            out.add(new CollectionView(c.authorityLevel(), c.description(), c.archived(), c.slug(), c.color(), l.canWrite(),
                    c.name(), c.personalOwnerId(), c.type(), l.isPersonal(), c.id(), c.entityId(), c.location(), c.namespace(),
                    Times.iso(c.createdAt())));
        }
        try { // bytes, as the wire writes them (a string writer would not escape characters outside the BMP the same way)
            return new String(Json.MAPPER.writeValueAsBytes(out), StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void rows_with_nulls_quotes_unicode_and_every_kind_of_timestamp_come_out_as_the_mapper_writes_them() {
        List<Listed> rows = new ArrayList<>();
        long[] times = {0L, 1_000L, 1_100L, 1_120L, 1_123L, 1_790_000_000_000L, 1_790_000_000_400L, 4_102_444_800_999L};
        String[] names = {"Plain", "Ünïcødé 名前 😀", "tab\tand \\ backslash", "</script>", ""};
        Random random = new Random(17);
        for (int i = 0; i < 200; i++) {
            rows.add(new Listed(row(i + 1, names[i % names.length] + i, i % 3 == 0 ? (long) i : null, i % 11 == 0 ? "instance-analytics" : null,
                    i % 6 == 0, times[i % times.length] + random.nextInt(3)), i % 2 == 0, i % 3 == 0));
        }
        RootView root = new RootView("root", CollectionViews.ROOT_NAME, null, null, null, List.of(), true, false);
        assertThat(new String(CollectionListings.render(root, rows), StandardCharsets.UTF_8)).isEqualTo(mapper(root, rows));
        assertThat(new String(CollectionListings.render(null, rows), StandardCharsets.UTF_8)).isEqualTo(mapper(null, rows));
        assertThat(new String(CollectionListings.render(null, List.of()), StandardCharsets.UTF_8)).isEqualTo("[]");
    }
}
