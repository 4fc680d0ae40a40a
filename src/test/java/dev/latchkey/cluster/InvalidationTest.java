package dev.latchkey.cluster;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The payload format other instances read: every kind round-trips; anything unreadable means "drop everything". */
class InvalidationTest {
    @Test
    void every_kind_round_trips_through_its_text() {
        List<Invalidation> all = List.of(Invalidation.user(42), Invalidation.key("abcdefghij0123"),
                Invalidation.session("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"), Invalidation.all());
        String text = String.join(";", all.stream().map(Invalidation::encode).toList());
        assertThat(Invalidation.decodeAll(text)).isEqualTo(all);
    }

    @Test
    void an_unreadable_item_drops_everything_rather_than_nothing() {
        assertThat(Invalidation.decodeAll("u:x;k:a'b;q:1")).containsOnly(Invalidation.all());
    }

    @Test
    void a_local_channel_always_trusts_its_caches_and_publishes_to_its_own_listeners() {
        Invalidations local = Invalidations.local();
        assertThat(local.isFresh(System.nanoTime() - 3_600_000_000_000L)).isTrue();
        List<Invalidation> seen = new java.util.ArrayList<>();
        local.subscribe(seen::add);
        local.applyLocally(Invalidation.user(7));
        assertThat(seen).containsExactly(Invalidation.user(7));
    }
}
