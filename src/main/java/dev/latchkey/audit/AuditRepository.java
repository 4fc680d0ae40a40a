package dev.latchkey.audit;

import dev.latchkey.core.Json;
import dev.latchkey.core.Times;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

import java.util.ArrayList;
import java.util.List;

/** SQL for reading audit_log. Decides nothing. */
final class AuditRepository {

    /** Optional filters; null means "any". */
    record Filter(String model, Long modelId, String topic) {}

    List<AuditEventView> page(Handle h, Filter f, int limit, long offset) {
        Query q = h.createQuery("SELECT id, topic, created_at, user_id, model, model_id, details, source FROM audit_log"
                + where(f) + " ORDER BY id DESC LIMIT :limit OFFSET :offset");
        bind(q, f).bind("limit", limit).bind("offset", offset);
        return q.map((rs, ctx) -> new AuditEventView(rs.getLong("id"), rs.getString("topic"),
                Times.iso(rs.getLong("created_at")), (Long) rs.getObject("user_id", Long.class), rs.getString("model"),
                (Long) rs.getObject("model_id", Long.class), Json.read(rs.getString("details")), rs.getString("source"))).list();
    }

    long count(Handle h, Filter f) {
        Query q = h.createQuery("SELECT COUNT(*) FROM audit_log" + where(f));
        return bind(q, f).mapTo(Long.class).one();
    }

    private static String where(Filter f) {
        List<String> parts = new ArrayList<>();
        if (f.model() != null) parts.add("model = :model");
        if (f.modelId() != null) parts.add("model_id = :modelId");
        if (f.topic() != null) parts.add("topic = :topic");
        return parts.isEmpty() ? "" : " WHERE " + String.join(" AND ", parts);
    }

    private static Query bind(Query q, Filter f) {
        if (f.model() != null) q.bind("model", f.model());
        if (f.modelId() != null) q.bind("modelId", f.modelId());
        if (f.topic() != null) q.bind("topic", f.topic());
        return q;
    }
}
