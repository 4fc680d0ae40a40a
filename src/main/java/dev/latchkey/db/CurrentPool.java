package dev.latchkey.db;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.function.Supplier;
import java.util.logging.Logger;

/** The data source Jdbi holds: whichever pool is current, so the pool can be renewed after an outage. */
final class CurrentPool implements DataSource {
    private final Supplier<DataSource> current;

    CurrentPool(Supplier<DataSource> current) { this.current = current; }

    @Override public Connection getConnection() throws SQLException { return current.get().getConnection(); }

    @Override public Connection getConnection(String user, String password) throws SQLException {
        return current.get().getConnection(user, password);
    }

    @Override public PrintWriter getLogWriter() throws SQLException { return current.get().getLogWriter(); }

    @Override public void setLogWriter(PrintWriter out) throws SQLException { current.get().setLogWriter(out); }

    @Override public void setLoginTimeout(int seconds) throws SQLException { current.get().setLoginTimeout(seconds); }

    @Override public int getLoginTimeout() throws SQLException { return current.get().getLoginTimeout(); }

    @Override public Logger getParentLogger() throws SQLFeatureNotSupportedException { return current.get().getParentLogger(); }

    @Override public <T> T unwrap(Class<T> iface) throws SQLException { return current.get().unwrap(iface); }

    @Override public boolean isWrapperFor(Class<?> iface) throws SQLException { return current.get().isWrapperFor(iface); }
}
