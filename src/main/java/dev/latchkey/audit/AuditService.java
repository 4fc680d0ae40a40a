package dev.latchkey.audit;

import dev.latchkey.core.Actor;
import dev.latchkey.core.AppError;
import dev.latchkey.core.Check;
import dev.latchkey.db.Database;

/**
 * Reading the audit log (a Latchkey extension: Metabase keeps its audit log behind a paid feature). Admins only.
 * Writing happens through {@link AuditLog}, inside each change's own transaction.
 */
public final class AuditService {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;

    private final Database db;
    private final AuditRepository repo = new AuditRepository();

    public AuditService(Database db) { this.db = db; }

    public AuditPage list(Actor actor, String model, Long modelId, String topic, Long limit, Long offset) {
        Check.permitted(actor.superuser());
        if (limit != null && limit > MAX_LIMIT) {
            throw AppError.invalid("limit", "value must be an integer between 1 and " + MAX_LIMIT + ".", limit);
        }
        int pageSize = limit == null ? DEFAULT_LIMIT : limit.intValue();
        long skip = offset == null ? 0 : offset;
        AuditRepository.Filter filter = new AuditRepository.Filter(model, modelId, topic);
        return db.withHandle(h -> new AuditPage(repo.page(h, filter, pageSize, skip), repo.count(h, filter), pageSize, skip));
    }
}
