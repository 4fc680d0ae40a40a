package dev.latchkey.db;

import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.SQLException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every SQL statement the application runs through Jdbi (requests, services). Tests read it to prove that a
 * cached request makes no database round trip. The invalidation channel's own connection is not counted.
 */
public final class StatementCounter implements SqlLogger {
    private final LongAdder count = new LongAdder();

    @Override
    public void logAfterExecution(StatementContext context) { count.increment(); }

    @Override
    public void logException(StatementContext context, SQLException ex) { count.increment(); }

    public long count() { return count.sum(); }
}
