package dev.latchkey.content;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EntityIdsAndSlugsTest {
    @Test
    void entity_ids_are_21_url_safe_characters_and_do_not_repeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = EntityIds.generate();
            assertThat(EntityIds.isValid(id)).as(id).isTrue();
            seen.add(id);
        }
        assertThat(seen).hasSize(10_000);
        assertThat(EntityIds.isValid("too-short")).isFalse();
        assertThat(EntityIds.isValid("has space in it 12345")).isFalse();
    }

    @Test
    void slugs_follow_metabase() {
        assertThat(Slugs.slugify("Rasta Toucan's Personal Collection", 510)).isEqualTo("rasta_toucan_s_personal_collection");
        assertThat(Slugs.slugify("Café Crème", 510)).isEqualTo("cafe_creme");
        assertThat(Slugs.slugify("北京", 510)).isEqualTo("%E5%8C%97%E4%BA%AC");
        assertThat(Slugs.slugify("abcdef", 3)).isEqualTo("abc");
    }
}
