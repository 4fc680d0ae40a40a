package dev.latchkey.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real time plus an offset a test can move forward, so expiry is tested without sleeping. {@link #freeze} stops
 * the real time's part, for tests of exact boundaries (then only {@link #advance} moves it).
 */
public final class TestClock extends Clock {
    private final AtomicLong offsetMillis = new AtomicLong();
    private volatile long frozenAt = -1;

    public void advance(Duration by) { offsetMillis.addAndGet(by.toMillis()); }

    /** From now on the clock moves only when advanced; returns the frozen time (epoch ms). */
    public long freeze() {
        frozenAt = System.currentTimeMillis();
        return millis();
    }

    /** Back to the real time (plus the offset so far). */
    public void unfreeze() {
        if (frozenAt >= 0) offsetMillis.addAndGet(frozenAt - System.currentTimeMillis());
        frozenAt = -1;
    }

    @Override public long millis() { return (frozenAt >= 0 ? frozenAt : System.currentTimeMillis()) + offsetMillis.get(); }

    @Override public Instant instant() { return Instant.ofEpochMilli(millis()); }

    @Override public ZoneId getZone() { return ZoneOffset.UTC; }

    @Override public Clock withZone(ZoneId zone) { throw new UnsupportedOperationException("UTC only"); }
}
