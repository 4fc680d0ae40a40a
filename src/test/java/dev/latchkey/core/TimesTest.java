package dev.latchkey.core;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Times.isoText writes what the wire's mapper writes for Times.iso (its OffsetDateTime serializer). */
class TimesTest {
    private static String mapper(long millis) {
        String json = Json.write(Times.iso(millis));
        return json.substring(1, json.length() - 1);
    }

    @Test
    void iso_text_matches_the_mapper_for_whole_seconds_every_fraction_width_and_the_edges() {
        long[] edges = {0L, 1L, 10L, 100L, 999L, 1_000L, 1_100L, 1_120L, 1_123L, 951_782_400_000L /* 2000-02-29 */,
                1_790_000_000_400L, 253_402_300_799_999L, 253_402_300_800_000L, -1L, -86_400_000L, -62_135_596_800_000L};
        for (long t : edges) assertThat(Times.isoText(t)).as("%d", t).isEqualTo(mapper(t));
        Random random = new Random(17);
        for (int i = 0; i < 20_000; i++) {
            long t = (long) (random.nextDouble() * 253_402_300_800_000L);
            if (i % 3 == 0) t -= t % 1000;
            else if (i % 3 == 1) t -= t % 10;
            assertThat(Times.isoText(t)).as("%d", t).isEqualTo(mapper(t));
        }
    }
}
