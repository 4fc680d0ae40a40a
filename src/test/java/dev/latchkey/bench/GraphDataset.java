package dev.latchkey.bench;

import dev.latchkey.auth.Passwords;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The issue-17 dataset, loaded by bulk SQL (JDBC batches) into a database the app has already migrated and set up:
 * `people` people (each with a personal collection, in All Users and in 3 random groups), `groups` groups with
 * rights on ~20 random collections each, and `collections` collections (about half top-level, the rest nested up to
 * three deep). Random(42), so two loads of the same size give the same data. One bench person, bench-member@bench.example,
 * gets the password {@value #MEMBER_PASSWORD} so the benchmark can also call as a non-admin.
 *
 *   java ... dev.latchkey.bench.GraphDataset JDBC_URL USER PASSWORD [people groups collections]
 */
public final class GraphDataset {
    static final String MEMBER_EMAIL = "bench-member@bench.example";
    static final String MEMBER_PASSWORD = "Bench-member-passw0rd";
    private static final String[] FIRST = {"Ada", "Alan", "Barbara", "Claude", "Dorothy", "Edsger", "Frances", "Grace",
            "Hedy", "Ivan", "Joan", "Ken", "Leslie", "Margaret", "Niklaus", "Olga", "Peter", "Radia", "Shafi", "Tim"};
    private static final String[] LAST = {"Lovelace", "Turing", "Liskov", "Shannon", "Hodgkin", "Dijkstra", "Allen",
            "Hopper", "Lamarr", "Sutherland", "Clarke", "Thompson", "Lamport", "Hamilton", "Wirth", "Ladyzhenskaya",
            "Naur", "Perlman", "Goldwasser", "Berners-Lee"};
    private static final int BATCH = 1000;

    private final Connection c;
    private final Random random = new Random(42);
    private final long now = System.currentTimeMillis();

    private GraphDataset(Connection c) { this.c = c; }

    public static void main(String[] args) throws Exception {
        int people = args.length > 3 ? Integer.parseInt(args[3]) : 20_000;
        int groups = args.length > 4 ? Integer.parseInt(args[4]) : 2_000;
        int collections = args.length > 5 ? Integer.parseInt(args[5]) : 2_000;
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(args[0], args[1].isEmpty() ? null : args[1], args[2].isEmpty() ? null : args[2])) {
            c.setAutoCommit(false);
            new GraphDataset(c).load(people, groups, collections);
            c.commit();
            afterLoad(c);
        }
        System.out.printf("loaded %d people, %d groups, %d collections in %.1f s%n", people, groups, collections,
                (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The groups' kept membership rows, then planner statistics for the loaded tables, as autovacuum would gather them on a server that runs it (the bench
     * machine's PostgreSQL has autovacuum off: without this, every plan assumes a handful of rows). Also VACUUM on
     * PostgreSQL, so index-only scans see an up-to-date visibility map.
     */
    private static void afterLoad(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT);
        c.setAutoCommit(true);
        try (java.sql.Statement s = c.createStatement()) {
            // the membership rows each ordinary group keeps (V100), on a schema that has them (JAR= may run older code)
            try {
                s.executeUpdate("UPDATE permissions_group SET member_rows = (SELECT COUNT(*) FROM permissions_group_membership m "
                        + "WHERE m.group_id = permissions_group.id) WHERE role IS NULL");
            } catch (SQLException noSuchColumn) {
                System.out.println("no permissions_group.member_rows in this schema: " + noSuchColumn.getMessage());
            }
            if (product.contains("postgres")) s.execute("VACUUM ANALYZE");
            else if (product.contains("maria") || product.contains("mysql")) {
                s.execute("ANALYZE TABLE core_user, permissions_group, permissions_group_membership, collection, collection_permission");
            } else s.execute("ANALYZE");
        }
    }

    private void load(int people, int groups, int collections) throws SQLException {
        List<Long> userIds = people(people);
        List<Long> groupIds = groups(groups);
        List<Long> collectionIds = collections(collections);
        personalCollections(userIds);
        memberships(userIds, groupIds);
        grants(groupIds, collectionIds);
    }

    private List<Long> people(int n) throws SQLException {
        String hash = new Passwords(4, "normal").hash(MEMBER_PASSWORD);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO core_user (email, first_name, last_name, password, type, "
                + "is_active, is_superuser, date_joined, updated_at) VALUES (?, ?, ?, ?, 'personal', TRUE, FALSE, ?, ?)")) {
            for (int i = 0; i < n; i++) {
                String first = FIRST[random.nextInt(FIRST.length)];
                String last = LAST[random.nextInt(LAST.length)];
                boolean member = i == 0;
                ps.setString(1, member ? MEMBER_EMAIL : ("p" + i + "." + first + "." + last + "@bench.example").toLowerCase());
                ps.setString(2, member ? "Bench" : first);
                ps.setString(3, member ? "Member" : last + " " + i);
                ps.setString(4, member ? hash : null);
                ps.setLong(5, now);
                ps.setLong(6, now);
                add(ps, i);
            }
            ps.executeBatch();
        }
        return ids("SELECT id FROM core_user WHERE email LIKE '%@bench.example' ORDER BY id");
    }

    private List<Long> groups(int n) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO permissions_group (name, name_key) VALUES (?, ?)")) {
            for (int i = 0; i < n; i++) {
                ps.setString(1, "Bench group " + i);
                ps.setString(2, "bench group " + i);
                add(ps, i);
            }
            ps.executeBatch();
        }
        return ids("SELECT id FROM permissions_group WHERE name_key LIKE 'bench group %' ORDER BY id");
    }

    /** Half top-level, then a quarter under those, the rest one level further down. */
    private List<Long> collections(int n) throws SQLException {
        int top = n / 2;
        int middle = n / 4;
        Map<Long, String> level0 = insertCollections(0, top, Map.of());
        Map<Long, String> level1 = insertCollections(top, middle, level0);
        insertCollections(top + middle, n - top - middle, level1);
        return ids("SELECT id FROM collection WHERE name LIKE 'Bench collection %' ORDER BY id");
    }

    /** Inserts `count` collections under random parents (top-level without parents); their ids and child locations. */
    private Map<Long, String> insertCollections(int from, int count, Map<Long, String> parents) throws SQLException {
        List<Long> parentIds = new ArrayList<>(parents.keySet());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO collection (entity_id, name, slug, location, archived, "
                + "created_at) VALUES (?, ?, ?, ?, FALSE, ?)")) {
            for (int i = from; i < from + count; i++) {
                ps.setString(1, entityId());
                ps.setString(2, "Bench collection " + i);
                ps.setString(3, "bench_collection_" + i);
                ps.setString(4, parentIds.isEmpty() ? "/" : parents.get(parentIds.get(random.nextInt(parentIds.size()))));
                ps.setLong(5, now);
                add(ps, i);
            }
            ps.executeBatch();
        }
        Map<Long, String> children = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, location, name FROM collection "
                + "WHERE name LIKE 'Bench collection %'")) {
            while (rs.next()) {
                int i = Integer.parseInt(rs.getString(3).substring("Bench collection ".length()));
                if (i >= from && i < from + count) children.put(rs.getLong(1), rs.getString(2) + rs.getLong(1) + "/");
            }
        }
        return children;
    }

    private void personalCollections(List<Long> userIds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO collection (entity_id, name, slug, location, "
                + "personal_owner_id, archived, created_at) VALUES (?, ?, ?, '/', ?, FALSE, ?)")) {
            int i = 0;
            for (long id : userIds) {
                ps.setString(1, entityId());
                ps.setString(2, "Bench person " + id + "'s Personal Collection");
                ps.setString(3, "bench_person_" + id + "_s_personal_collection");
                ps.setLong(4, id);
                ps.setLong(5, now);
                add(ps, i++);
            }
            ps.executeBatch();
        }
    }

    private void memberships(List<Long> userIds, List<Long> groupIds) throws SQLException {
        long allUsers = ids("SELECT id FROM permissions_group WHERE role = 'all-users'").get(0);
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO permissions_group_membership (user_id, group_id, is_group_manager) VALUES (?, ?, FALSE)")) {
            int i = 0;
            for (long user : userIds) {
                Set<Long> mine = new LinkedHashSet<>();
                mine.add(allUsers);
                while (mine.size() < Math.min(4, groupIds.size() + 1)) mine.add(groupIds.get(random.nextInt(groupIds.size())));
                for (long g : mine) {
                    ps.setLong(1, user);
                    ps.setLong(2, g);
                    add(ps, i++);
                }
            }
            ps.executeBatch();
        }
    }

    /** About 20 random collections per group, read or write; one group in ten also reads root. */
    private void grants(List<Long> groupIds, List<Long> collectionIds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO collection_permission (group_id, collection_id, perm) VALUES (?, ?, ?)")) {
            int i = 0;
            for (long g : groupIds) {
                Set<Long> mine = new LinkedHashSet<>();
                if (random.nextInt(10) == 0) mine.add(0L);
                while (mine.size() < Math.min(20, collectionIds.size())) mine.add(collectionIds.get(random.nextInt(collectionIds.size())));
                for (long coll : mine) {
                    ps.setLong(1, g);
                    ps.setLong(2, coll);
                    ps.setString(3, random.nextInt(3) == 0 ? "write" : "read");
                    add(ps, i++);
                }
            }
            ps.executeBatch();
        }
    }

    private static void add(PreparedStatement ps, int i) throws SQLException {
        ps.addBatch();
        if (i % BATCH == BATCH - 1) ps.executeBatch();
    }

    private List<Long> ids(String sql) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getLong(1));
        }
        return out;
    }

    private String entityId() {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-";
        StringBuilder sb = new StringBuilder(21);
        for (int i = 0; i < 21; i++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        return sb.toString();
    }
}
