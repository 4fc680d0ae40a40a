package dev.latchkey.people;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** SQL for core_user. Decides nothing. */
final class PeopleRepository {
    static final String COLUMNS = columns("");

    static final RowMapper<User> USER = (rs, ctx) -> new User(rs.getLong("id"), rs.getString("email"),
            rs.getString("first_name"), rs.getString("last_name"), rs.getString("type"), rs.getBoolean("is_active"),
            rs.getBoolean("is_superuser"), rs.getString("locale"), rs.getString("sso_source"), rs.getLong("date_joined"),
            (Long) rs.getObject("last_login", Long.class), rs.getLong("updated_at"), rs.getBoolean("is_qbnewb"),
            rs.getString("login_attributes"));

    record Credentials(User user, String passwordHash) {}

    /** Filters of `GET /api/user`; active is null for "all", limit null for "no paging". */
    record Filter(Boolean active, String query, Long groupId, Long limit, long offset) {}

    private static String columns(String prefix) {
        return String.join(", ", java.util.Arrays.stream(("id, email, first_name, last_name, type, is_active, is_superuser, "
                + "locale, sso_source, date_joined, last_login, updated_at, is_qbnewb, login_attributes").split(", "))
                .map(c -> prefix + c).toList());
    }

    long insert(Handle h, String email, String firstName, String lastName, String passwordHash, String type,
                String loginAttributes) {
        long now = System.currentTimeMillis();
        return h.createUpdate("INSERT INTO core_user (email, first_name, last_name, password, type, is_active, is_superuser, "
                        + "date_joined, updated_at, login_attributes) "
                        + "VALUES (:email, :first, :last, :pw, :type, TRUE, FALSE, :now, :now, :attrs)")
                .bind("email", email).bind("first", firstName).bind("last", lastName).bind("pw", passwordHash)
                .bind("type", type).bind("now", now).bind("attrs", loginAttributes)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    Optional<User> findById(Handle h, long id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM core_user WHERE id = :id").bind("id", id).map(USER).findOne();
    }

    Optional<User> findByEmail(Handle h, String email) {
        return h.createQuery("SELECT " + COLUMNS + " FROM core_user WHERE email = :email")
                .bind("email", email.toLowerCase(java.util.Locale.ROOT)).map(USER).findOne();
    }

    Optional<User> firstActiveAdmin(Handle h) {
        return h.createQuery("SELECT " + COLUMNS + " FROM core_user WHERE is_superuser = TRUE AND is_active = TRUE "
                + "AND type = 'personal' ORDER BY id LIMIT 1").map(USER).findOne();
    }

    Optional<Credentials> findCredentialsByEmail(Handle h, String email) {
        return h.createQuery("SELECT " + COLUMNS + ", password FROM core_user WHERE email = :email")
                .bind("email", email.toLowerCase(Locale.ROOT))
                .map((rs, ctx) -> new Credentials(USER.map(rs, ctx), rs.getString("password"))).findOne();
    }

    Optional<String> passwordHash(Handle h, long id) {
        return h.createQuery("SELECT password FROM core_user WHERE id = :id").bind("id", id).mapTo(String.class).findOne();
    }

    /** True when another user (any type, active or not) has this email. */
    boolean emailTaken(Handle h, String email, long exceptId) {
        return h.createQuery("SELECT COUNT(*) FROM core_user WHERE email = :email AND id <> :id")
                .bind("email", email.toLowerCase(Locale.ROOT)).bind("id", exceptId).mapTo(Long.class).one() > 0;
    }

    void touchLastLogin(Handle h, long id) {
        h.createUpdate("UPDATE core_user SET last_login = :now WHERE id = :id")
                .bind("now", System.currentTimeMillis()).bind("id", id).execute();
    }

    void update(Handle h, long id, String email, String firstName, String lastName, String locale, String loginAttributes) {
        h.createUpdate("UPDATE core_user SET email = :email, first_name = :first, last_name = :last, locale = :locale, "
                        + "login_attributes = :attrs, updated_at = :now WHERE id = :id")
                .bind("email", email).bind("first", firstName).bind("last", lastName).bind("locale", locale)
                .bind("attrs", loginAttributes).bind("now", System.currentTimeMillis()).bind("id", id).execute();
    }

    void setPassword(Handle h, long id, String hash) {
        h.createUpdate("UPDATE core_user SET password = :pw, updated_at = :now WHERE id = :id")
                .bind("pw", hash).bind("now", System.currentTimeMillis()).bind("id", id).execute();
    }

    void setNames(Handle h, long id, String firstName, String lastName) {
        h.createUpdate("UPDATE core_user SET first_name = :first, last_name = :last, updated_at = :now WHERE id = :id")
                .bind("first", firstName).bind("last", lastName).bind("now", System.currentTimeMillis()).bind("id", id).execute();
    }

    void setActive(Handle h, long id, boolean active) {
        h.createUpdate("UPDATE core_user SET is_active = :a, updated_at = :now WHERE id = :id")
                .bind("a", active).bind("now", System.currentTimeMillis()).bind("id", id).execute();
    }

    /** Every person (type 'personal', active or not), in id order. */
    List<User> allPersonal(Handle h) {
        return h.createQuery("SELECT " + COLUMNS + " FROM core_user WHERE type = 'personal' ORDER BY id").map(USER).list();
    }

    long countPersonal(Handle h) {
        return h.createQuery("SELECT COUNT(*) FROM core_user WHERE type = 'personal'").mapTo(Long.class).one();
    }

    /** A listed person and their personal collection's id (null when they have none). */
    record Listed(User user, Long personalCollectionId) {}

    /**
     * Personal users matching the filter, in Metabase's order (lower first name, lower last name, id; with a group,
     * admins and managers first), each with their personal collection, in one statement. The page is picked from the
     * index on the sort columns (V40) before any other column is read, so a late page costs an index walk, not the
     * fetch of every skipped row.
     */
    List<Listed> list(Handle h, Filter f) {
        String keys = (f.groupId() != null ? "u.is_superuser AS s, m.is_group_manager AS gm, " : "")
                + "u.sort_first_name AS f, u.sort_last_name AS l";
        String order = (f.groupId() != null ? "p.s DESC, p.gm DESC, " : "") + "p.f, p.l, p.pid";
        String paging = f.limit() == null ? "" : " LIMIT " + f.limit() + " OFFSET " + f.offset();
        String page = "SELECT u.id AS pid, " + keys + from(f) + " ORDER BY " + order.replace("p.", "") + paging;
        return bind(h.createQuery("SELECT " + columns("u.") + ", pc.id AS personal_collection_id FROM (" + page + ") p "
                + "JOIN core_user u ON u.id = p.pid LEFT JOIN collection pc ON pc.personal_owner_id = u.id ORDER BY " + order), f)
                .map((rs, ctx) -> new Listed(USER.map(rs, ctx), (Long) rs.getObject("personal_collection_id", Long.class)))
                .list();
    }

    long count(Handle h, Filter f) {
        return bind(h.createQuery("SELECT COUNT(*)" + from(f)), f).mapTo(Long.class).one();
    }

    private static String from(Filter f) {
        StringBuilder sql = new StringBuilder(" FROM core_user u");
        if (f.groupId() != null) sql.append(" JOIN permissions_group_membership m ON m.user_id = u.id AND m.group_id = :g");
        sql.append(" WHERE u.type = 'personal'");
        if (f.active() != null) sql.append(" AND u.is_active = :active");
        if (f.query() != null) {
            sql.append(" AND (LOWER(u.first_name) LIKE :q ESCAPE '!' OR LOWER(u.last_name) LIKE :q ESCAPE '!'"
                    + " OR LOWER(u.email) LIKE :q ESCAPE '!')");
        }
        return sql.toString();
    }

    private static Query bind(Query q, Filter f) {
        if (f.groupId() != null) q.bind("g", f.groupId());
        if (f.active() != null) q.bind("active", f.active());
        if (f.query() != null) {
            String escaped = f.query().toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_");
            q.bind("q", "%" + escaped + "%");
        }
        return q;
    }
}
