package dev.latchkey.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** The real time plus an offset a test can move forward, so expiry is tested without sleeping. */
public final class TestClock extends Clock {
    private final AtomicLong offsetMillis = new AtomicLong();

    public void advance(Duration by) { offsetMillis.addAndGet(by.toMillis()); }

    @Override public long millis() { return System.currentTimeMillis() + offsetMillis.get(); }

    @Override public Instant instant() { return Instant.ofEpochMilli(millis()); }

    @Override public ZoneId getZone() { return ZoneOffset.UTC; }

    @Override public Clock withZone(ZoneId zone) { throw new UnsupportedOperationException("UTC only"); }
}
