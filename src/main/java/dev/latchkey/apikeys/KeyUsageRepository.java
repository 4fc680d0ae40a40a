package dev.latchkey.apikeys;

import dev.latchkey.db.Database;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SQL for api_key_usage. Batches are added as increments with each database's upsert (there is no portable one),
 * and only for keys that still exist, so a flush that runs after a key was deleted skips it. Decides nothing.
 */
final class KeyUsageRepository {
    private static final String SELECT_KEY = "SELECT id, :day, :requests, :denied, :lastUsed FROM api_key WHERE id = :key";
    private final String upsert;

    /** {@code dbType}: the name of the database type (H2, POSTGRES, MYSQL), as Database.type() gives it. */
    KeyUsageRepository(String dbType) {
        String columns = "INSERT INTO api_key_usage (api_key_id, day_number, requests, denied, last_used_at) ";
        this.upsert = switch (dbType) {
            case "POSTGRES" -> columns + SELECT_KEY + " ON CONFLICT (api_key_id, day_number) DO UPDATE SET "
                    + "requests = api_key_usage.requests + EXCLUDED.requests, denied = api_key_usage.denied + EXCLUDED.denied, "
                    + "last_used_at = GREATEST(api_key_usage.last_used_at, EXCLUDED.last_used_at)";
            case "MYSQL" -> columns + SELECT_KEY + " ON DUPLICATE KEY UPDATE requests = requests + VALUES(requests), "
                    + "denied = denied + VALUES(denied), last_used_at = GREATEST(last_used_at, VALUES(last_used_at))";
            default -> "MERGE INTO api_key_usage t USING (SELECT id AS k, CAST(:day AS INTEGER) AS dn, CAST(:requests AS BIGINT) AS r, "
                    + "CAST(:denied AS BIGINT) AS d, CAST(:lastUsed AS BIGINT) AS lu FROM api_key WHERE id = :key) s "
                    + "ON t.api_key_id = s.k AND t.day_number = s.dn "
                    + "WHEN MATCHED THEN UPDATE SET requests = t.requests + s.r, denied = t.denied + s.d, last_used_at = GREATEST(t.last_used_at, s.lu) "
                    + "WHEN NOT MATCHED THEN INSERT (api_key_id, day_number, requests, denied, last_used_at) VALUES (s.k, s.dn, s.r, s.d, s.lu)";
        };
    }

    /** Adds a batch of counts in one transaction, in key order (so concurrent flushes of two instances cannot deadlock). */
    void add(Database db, List<UsageRecorder.Delta> rows) {
        List<UsageRecorder.Delta> sorted = rows.stream()
                .sorted(java.util.Comparator.comparingLong(UsageRecorder.Delta::keyId).thenComparingInt(UsageRecorder.Delta::day)).toList();
        db.useTransaction(h -> {
            PreparedBatch batch = h.prepareBatch(upsert);
            for (UsageRecorder.Delta d : sorted) {
                batch.bind("key", d.keyId()).bind("day", d.day()).bind("requests", d.requests()).bind("denied", d.denied())
                        .bind("lastUsed", d.lastUsed()).add();
            }
            batch.execute();
        });
    }

    /** One day's stored counts. */
    record Day(int day, long requests, long denied) {}

    /** A key's stored counts for days from..to (inclusive), days without requests absent. */
    List<Day> days(Handle h, long keyId, int from, int to) {
        return h.createQuery("SELECT day_number, requests, denied FROM api_key_usage WHERE api_key_id = :key "
                        + "AND day_number BETWEEN :from AND :to ORDER BY day_number")
                .bind("key", keyId).bind("from", from).bind("to", to)
                .map((rs, ctx) -> new Day(rs.getInt("day_number"), rs.getLong("requests"), rs.getLong("denied"))).list();
    }

    /** Every key's last successful use (key id → epoch ms); keys never used are absent. */
    Map<Long, Long> lastUsed(Handle h) {
        Map<Long, Long> out = new HashMap<>();
        h.createQuery("SELECT api_key_id, MAX(last_used_at) AS t FROM api_key_usage GROUP BY api_key_id")
                .map((rs, ctx) -> Map.entry(rs.getLong("api_key_id"), rs.getLong("t")))
                .forEach(e -> { if (e.getValue() > 0) out.put(e.getKey(), e.getValue()); });
        return out;
    }

    /** One key's last successful use, or null. */
    Long lastUsed(Handle h, long keyId) {
        Long t = h.createQuery("SELECT MAX(last_used_at) FROM api_key_usage WHERE api_key_id = :key").bind("key", keyId)
                .mapTo(Long.class).findOne().orElse(null);
        return t == null || t == 0 ? null : t;
    }

    void deleteForKey(Handle h, long keyId) {
        h.createUpdate("DELETE FROM api_key_usage WHERE api_key_id = :key").bind("key", keyId).execute();
    }

    /** A key whose rows reach back before a day, and its latest day. */
    record Oldest(long keyId, int latestDay) {}

    /** The keys with rows before {@code day}, each with its latest day (which the sweep keeps: the key's last use). */
    List<Oldest> keysWithRowsBefore(Handle h, int day) {
        return h.createQuery("SELECT api_key_id, MAX(day_number) AS latest FROM api_key_usage WHERE api_key_id IN "
                        + "(SELECT api_key_id FROM api_key_usage WHERE day_number < :day) GROUP BY api_key_id ORDER BY api_key_id")
                .bind("day", day).map((rs, ctx) -> new Oldest(rs.getLong("api_key_id"), rs.getInt("latest"))).list();
    }

    /** Deletes each key's rows before its own bound; answers how many rows went. */
    int deleteBefore(Handle h, Map<Long, Integer> boundByKey) {
        if (boundByKey.isEmpty()) return 0;
        PreparedBatch batch = h.prepareBatch("DELETE FROM api_key_usage WHERE api_key_id = :key AND day_number < :day");
        boundByKey.forEach((key, day) -> batch.bind("key", key).bind("day", day).add());
        int deleted = 0;
        for (int n : batch.execute()) deleted += Math.max(n, 0);
        return deleted;
    }
}
