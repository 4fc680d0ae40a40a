package dev.latchkey.audit;

import java.util.List;

/** A page of audit events, newest first, in Metabase's paginated-list shape. */
public record AuditPage(List<AuditEventView> data, long total, int limit, long offset) {}
