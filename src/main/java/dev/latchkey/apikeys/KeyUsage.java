package dev.latchkey.apikeys;

import dev.latchkey.db.Database;
import org.jdbi.v3.core.Handle;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads of key usage (issue 13): per-day counts and last use, from the database plus what this instance has
 * counted and not yet written, so an admin sees a request as soon as it is answered here. Counting is
 * {@link UsageRecorder}'s; the table is {@link KeyUsageRepository}'s.
 */
final class KeyUsage implements AutoCloseable {
    static final int MAX_DAYS = 366;

    private final KeyUsageRepository repo;
    private final UsageRecorder recorder;
    private final Clock clock;

    KeyUsage(Database db, Clock clock) {
        this.repo = new KeyUsageRepository(db.type().name());
        this.recorder = new UsageRecorder(db, repo, clock);
        this.clock = clock;
    }

    UsageRecorder recorder() { return recorder; }

    void start() { recorder.start(); }

    /** The last {@code days} UTC days, oldest first, today included, days without requests as zeros. */
    List<KeyUsageDay> days(Handle h, long keyId, int days) {
        int today = UsageRecorder.day(clock.millis());
        int from = today - days + 1;
        Map<Integer, long[]> counts = new HashMap<>();
        for (KeyUsageRepository.Day d : repo.days(h, keyId, from, today)) counts.put(d.day(), new long[] {d.requests(), d.denied()});
        recorder.pending(keyId).forEach((day, d) -> {
            long[] c = counts.computeIfAbsent(day, x -> new long[2]);
            c[0] += d.requests();
            c[1] += d.denied();
        });
        List<KeyUsageDay> out = new ArrayList<>(days);
        for (int day = from; day <= today; day++) {
            long[] c = counts.getOrDefault(day, new long[2]);
            out.add(new KeyUsageDay(LocalDate.ofEpochDay(day).toString(), c[0], c[1]));
        }
        return out;
    }

    /** Every key's last successful use (key id → epoch ms), written or not. */
    Map<Long, Long> lastUsed(Handle h) {
        Map<Long, Long> out = repo.lastUsed(h);
        recorder.pendingLastUse().forEach((k, t) -> out.merge(k, t, Math::max));
        return out;
    }

    /** One key's last successful use, or null. */
    Long lastUsed(Handle h, long keyId) {
        Long stored = repo.lastUsed(h, keyId);
        Long pending = recorder.pendingLastUse().get(keyId);
        if (pending == null) return stored;
        return stored == null ? pending : Math.max(stored, pending);
    }

    /** Drops a deleted key's rows, inside its delete transaction. */
    void deleteForKey(Handle h, long keyId) { repo.deleteForKey(h, keyId); }

    /** Writes what is counted now (tests, shutdown). */
    void flush() { recorder.flush(); }

    @Override
    public void close() { recorder.close(); }
}
