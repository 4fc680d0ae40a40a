package dev.latchkey.audit;

import dev.latchkey.core.Json;
import org.jdbi.v3.core.Handle;

import java.util.Map;

/** Writes audit events inside the caller's transaction, so a change and its record commit or fail together. */
public final class AuditLog {

    public void record(Handle h, Long actorUserId, String topic, String model, Long modelId, Map<String, ?> details) {
        h.createUpdate("INSERT INTO audit_log (topic, created_at, user_id, model, model_id, details) "
                        + "VALUES (:topic, :at, :user, :model, :modelId, :details)")
                .bind("topic", topic)
                .bind("at", System.currentTimeMillis())
                .bind("user", actorUserId)
                .bind("model", model)
                .bind("modelId", modelId)
                .bind("details", Json.write(details))
                .execute();
    }
}
