package dev.latchkey.audit;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;

/**
 * One audit event as GET /api/audit-log returns it; details is the JSON object written with the change; source
 * is null for changes made through the API, "cli" or "config-file" otherwise.
 */
public record AuditEventView(long id, String topic, OffsetDateTime timestamp, Long userId, String model, Long modelId,
                             JsonNode details, String source) {}
