package dev.latchkey.core;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Times are stored as epoch milliseconds and sent as ISO-8601 with an offset, as Metabase does. */
public final class Times {
    private Times() {}

    public static OffsetDateTime iso(Long epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC);
    }
}
