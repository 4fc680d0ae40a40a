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

    @Test
    void beyond_the_fallback_expiry_an_entry_is_trusted_only_while_the_channel_confirms_it_lost_nothing() {
        Invalidations inv = Invalidations.postgres("jdbc:postgresql://127.0.0.1:1/never-started", null, null);
        long old = System.nanoTime() - (Invalidations.FALLBACK_TTL_MS + 500) * 1_000_000;
        long young = System.nanoTime();
        assertThat(inv.isFresh(young)).as("young, channel never connected").isTrue();
        assertThat(inv.isFresh(old)).as("old, channel never connected").isFalse();

        inv.resynced(old - 1);                      // connected before the entry was loaded
        inv.confirmed(System.nanoTime());           // and a heartbeat came back just now
        assertThat(inv.isFresh(old)).as("old, channel live").isTrue();
        inv.lost(new java.sql.SQLException("terminated"));
        assertThat(inv.isFresh(old)).as("old, channel lost").isFalse();
        assertThat(inv.isFresh(young)).as("young, channel lost").isTrue();

        inv.resynced(System.nanoTime());            // reconnected after the entry was loaded: it may have missed a change
        assertThat(inv.isFresh(old)).as("old, loaded before the reconnect").isFalse();
        assertThat(inv.channelLive()).isTrue();
    }
}
