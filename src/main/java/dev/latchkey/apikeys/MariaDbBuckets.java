package dev.latchkey.apikeys;

import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.AbstractSelectForUpdateBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.LockAndGetResult;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.SelectForUpdateBasedTransaction;
import io.github.bucket4j.distributed.remote.RemoteBucketState;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Bucket4j's select-for-update protocol on MariaDB, for rate-limit buckets shared across instances. Bucket4j's own
 * MySQL module (bucket4j_jdk17-mysql) did not resolve from this build's repository, so this is its few statements on
 * Bucket4j core's {@link AbstractSelectForUpdateBasedProxyManager}: the token-bucket arithmetic, the retry on a
 * first insert and the serialisation of the state stay the library's.
 */
final class MariaDbBuckets extends AbstractSelectForUpdateBasedProxyManager<String> {
    static final String TABLE = "api_key_rate_bucket";
    private final DataSource ds;
    private final TimeMeter clock;

    MariaDbBuckets(DataSource ds, TimeMeter clock) {
        super(ClientSideConfig.getDefault().withClientClock(clock));
        this.ds = ds;
        this.clock = clock;
    }

    @Override
    protected SelectForUpdateBasedTransaction allocateTransaction(String key, Optional<Long> timeoutNanos) {
        Connection c;
        try {
            c = ds.getConnection();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot get a connection for rate-limit bucket " + key, e);
        }
        return new Tx(c, key);
    }

    @Override
    public void removeProxy(String key) { delete(key); }

    private void delete(String key) {
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement("DELETE FROM " + TABLE + " WHERE id = ?")) {
            s.setString(1, key);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private final class Tx implements SelectForUpdateBasedTransaction {
        private final Connection c;
        private final String key;

        Tx(Connection c, String key) {
            this.c = c;
            this.key = key;
        }

        @Override public void begin(Optional<Long> timeout) { run(() -> c.setAutoCommit(false)); }

        @Override public void rollback() { run(c::rollback); }

        @Override public void commit(Optional<Long> timeout) { run(c::commit); }

        @Override
        public LockAndGetResult tryLockAndGet(Optional<Long> timeout) {
            try (PreparedStatement s = c.prepareStatement("SELECT state FROM " + TABLE + " WHERE id = ? FOR UPDATE")) {
                applyTimeout(s, timeout);
                s.setString(1, key);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? LockAndGetResult.locked(rs.getBytes(1)) : LockAndGetResult.notLocked();
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean tryInsertEmptyData(Optional<Long> timeout) {
            try (PreparedStatement s = c.prepareStatement("INSERT IGNORE INTO " + TABLE + " (id, state) VALUES (?, NULL)")) {
                applyTimeout(s, timeout);
                s.setString(1, key);
                return s.executeUpdate() > 0;
            } catch (java.sql.SQLTransactionRollbackException conflict) {
                return false; // another instance inserted it first: Bucket4j retries the lock
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void update(byte[] data, RemoteBucketState state, Optional<Long> timeout) {
            try (PreparedStatement s = c.prepareStatement("UPDATE " + TABLE + " SET state = ?, " + KeyRateLimiter.FULL_AT
                    + " = ? WHERE id = ?")) {
                applyTimeout(s, timeout);
                s.setBytes(1, data);
                s.setLong(2, KeyRateLimiter.fullAt(state, clock.currentTimeNanos()));
                s.setString(3, key);
                s.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void release() {
            try {
                c.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the connection is closed next either way
            }
            run(c::close);
        }

        private void run(SqlAction action) {
            try {
                action.run();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @FunctionalInterface
    private interface SqlAction { void run() throws SQLException; }
}
