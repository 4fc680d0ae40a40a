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

    private final Database db;
    private final KeyUsageRepository repo;
    private final UsageRecorder recorder;
    private final Clock clock;

    KeyUsage(Database db, Clock clock) {
        this.db = db;
        this.repo = new KeyUsageRepository(db.type().name());
        this.recorder = new UsageRecorder(db, repo, clock);
        this.clock = clock;
    }

    UsageRecorder recorder() { return recorder; }

    /** Starts the background flush, and {@code upkeep} every {@code everyMinutes} on the same thread. */
    void start(Runnable upkeep, long everyMinutes) { recorder.start(upkeep, everyMinutes); }

    KeyUsageRepository repository() { return repo; }

    /**
     * The last {@code days} UTC days, oldest first, today included, days without requests as zeros. Takes its own
     * connection: call it with none held (it may wait for a usage write in progress).
     */
    List<KeyUsageDay> days(long keyId, int days) {
        int today = UsageRecorder.day(clock.millis());
        int from = today - days + 1;
        UsageRecorder.Read<List<KeyUsageRepository.Day>> read = recorder.withPending(() -> db.withHandle(h -> repo.days(h, keyId, from, today)));
        Map<Integer, long[]> counts = new HashMap<>();
        for (KeyUsageRepository.Day d : read.stored()) counts.put(d.day(), new long[] {d.requests(), d.denied()});
        read.pending().of(keyId).forEach((day, d) -> {
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

    /** Every key's last successful use (key id → epoch ms), written or not. Call it with no connection held. */
    Map<Long, Long> lastUsed() {
        UsageRecorder.Read<Map<Long, Long>> read = recorder.withPending(() -> db.withHandle(repo::lastUsed));
        Map<Long, Long> out = new HashMap<>(read.stored());
        read.pending().lastUse().forEach((k, t) -> out.merge(k, t, Math::max));
        return out;
    }

    /** One key's last successful use, or null. Call it with no connection held. */
    Long lastUsed(long keyId) {
        UsageRecorder.Read<Long> read = recorder.withPending(() -> db.withHandle(h -> repo.lastUsed(h, keyId)));
        Long pending = read.pending().lastUse().get(keyId);
        Long stored = read.stored();
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
