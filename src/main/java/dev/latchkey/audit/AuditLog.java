package dev.latchkey.audit;

import dev.latchkey.core.Json;
import org.jdbi.v3.core.Handle;

import java.util.Map;

/** Writes audit events inside the caller's transaction, so a change and its record commit or fail together. */
public final class AuditLog {
    private final java.util.concurrent.atomic.LongAdder written = new java.util.concurrent.atomic.LongAdder();
    private final String source;

    public AuditLog() { this(null); }

    /**
     * {@code source} goes into every row this log writes: null for the web API, "cli" for the admin commands and
     * "config-file" for provisioning, so a change made outside the API is visible as such.
     */
    public AuditLog(String source) { this.source = source; }

    /** Audit rows committed since start-up (metrics). */
    public long rowsWritten() { return written.sum(); }

    public void record(Handle h, Long actorUserId, String topic, String model, Long modelId, Map<String, ?> details) {
        h.createUpdate("INSERT INTO audit_log (topic, created_at, user_id, model, model_id, details, source) "
                        + "VALUES (:topic, :at, :user, :model, :modelId, :details, :source)")
                .bind("source", source)
                .bind("topic", topic)
                .bind("at", System.currentTimeMillis())
                .bind("user", actorUserId)
                .bind("model", model)
                .bind("modelId", modelId)
                .bind("details", Json.write(details))
                .execute();
        if (h.isInTransaction()) h.afterCommit(written::increment);
        else written.increment();
    }
}
