package dev.latchkey.robust;

import dev.latchkey.db.Database;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every row of every application table, as sorted text: two snapshots are equal exactly when nothing was
 * written in between. Read straight from the database (not through the API), so a refused request that left a
 * half-written row behind is seen even where no endpoint would show it.
 */
final class DbState {
    private static final java.util.Set<String> APPEND_ONLY = java.util.Set.of("audit_log");
    private final Database db;
    private final List<String> tables;
    private final String sumsSql;

    DbState(Database db) {
        this.db = db;
        this.tables = sql(() -> db.withHandle(h -> tableNames(h.getConnection())));
        if (tables.size() < 10) throw new IllegalStateException("Expected the application's tables, found " + tables);
        this.sumsSql = switch (db.type()) {
            // Prepared, so the driver reuses the plan; the audit log (the big, append-only table) by size only.
            case POSTGRES -> tables.stream().map(t -> APPEND_ONLY.contains(t)
                    ? "SELECT '" + t + "', count(*) || '/' || coalesce(max(id), 0) FROM " + t
                    : "SELECT '" + t + "', md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM " + t + " t")
                    .collect(java.util.stream.Collectors.joining(" UNION ALL "));
            case MYSQL -> "CHECKSUM TABLE " + String.join(", ", tables) + " EXTENDED";
            case H2 -> null;
        };
    }

    /**
     * Table name -> its rows, each row as "col=value|col=value", rows sorted. On PostgreSQL and MariaDB each table
     * is summed up by the server instead (one round trip for all of them, which keeps the matrix fast): a changed
     * sum still names the table, and the H2 run shows the rows themselves.
     */
    Map<String, List<String>> snapshot() {
        return sql(() -> db.withHandle(h -> {
            Map<String, List<String>> out = new TreeMap<>();
            try (Statement s = h.getConnection().createStatement()) {
                switch (db.type()) {
                    case POSTGRES -> {
                        try (var prepared = h.getConnection().prepareStatement(sumsSql)) { sums(prepared.executeQuery(), out); }
                    }
                    case MYSQL -> sums(s.executeQuery(sumsSql), out);
                    case H2 -> { for (String table : tables) out.put(table, rows(s, table)); }
                }
            }
            return out;
        }));
    }

    private static void sums(ResultSet result, Map<String, List<String>> out) throws SQLException {
        try (ResultSet rs = result) {
            while (rs.next()) out.put(rs.getString(1).toLowerCase(Locale.ROOT), List.of(String.valueOf(rs.getString(2))));
        }
    }

    private interface SqlWork<T> { T run() throws SQLException; }

    private static <T> T sql(SqlWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A short account of what differs, for failure messages. */
    static String diff(Map<String, List<String>> before, Map<String, List<String>> after) {
        StringBuilder sb = new StringBuilder();
        for (String table : after.keySet()) {
            List<String> b = before.getOrDefault(table, List.of()), a = after.get(table);
            if (b.equals(a)) continue;
            List<String> added = new ArrayList<>(a);
            added.removeAll(b);
            List<String> removed = new ArrayList<>(b);
            removed.removeAll(a);
            sb.append(table).append(": +").append(WireShape.cut(added.toString())).append(" -").append(WireShape.cut(removed.toString())).append("; ");
        }
        return sb.toString();
    }

    private static List<String> rows(Statement s, String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        // The audit log only ever grows (and grows fastest): its size and newest id show any write to it.
        String sql = APPEND_ONLY.contains(table) ? "SELECT COUNT(*) AS n, MAX(id) AS newest FROM " + table : "SELECT * FROM " + table;
        try (ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.append(md.getColumnLabel(i).toLowerCase(Locale.ROOT)).append('=').append(rs.getString(i)).append('|');
                }
                rows.add(row.toString());
            }
        }
        Collections.sort(rows);
        return rows;
    }

    /**
     * The application's tables: everything in the current schema except Flyway's bookkeeping and cluster_member (each
     * instance's invalidation-poll heartbeat on MariaDB, rewritten every 100 ms whatever the requests do) and
     * api_key_usage (per-key request counts, written in the background whenever a key authenticates).
     */
    private static List<String> tableNames(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        List<String> names = new ArrayList<>();
        try (ResultSet rs = md.getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                if (!name.startsWith("flyway") && !name.equals("cluster_member") && !name.equals("api_key_usage")) names.add(name);
            }
        }
        Collections.sort(names);
        return names;
    }
}
