package dev.latchkey.people;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.Optional;

/** SQL for core_user. Decides nothing. */
final class PeopleRepository {
    static final String COLUMNS = "id, email, first_name, last_name, type, is_active, is_superuser, locale, sso_source, "
            + "date_joined, last_login, updated_at";

    static final RowMapper<User> USER = (rs, ctx) -> new User(rs.getLong("id"), rs.getString("email"),
            rs.getString("first_name"), rs.getString("last_name"), rs.getString("type"), rs.getBoolean("is_active"),
            rs.getBoolean("is_superuser"), rs.getString("locale"), rs.getString("sso_source"), rs.getLong("date_joined"),
            (Long) rs.getObject("last_login", Long.class), rs.getLong("updated_at"));

    record Credentials(User user, String passwordHash) {}

    long insert(Handle h, String email, String firstName, String lastName, String passwordHash, String type) {
        long now = System.currentTimeMillis();
        return h.createUpdate("INSERT INTO core_user (email, first_name, last_name, password, type, is_active, is_superuser, "
                        + "date_joined, updated_at) VALUES (:email, :first, :last, :pw, :type, TRUE, FALSE, :now, :now)")
                .bind("email", email).bind("first", firstName).bind("last", lastName).bind("pw", passwordHash)
                .bind("type", type).bind("now", now)
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
                .bind("email", email.toLowerCase(java.util.Locale.ROOT))
                .map((rs, ctx) -> new Credentials(USER.map(rs, ctx), rs.getString("password"))).findOne();
    }

    boolean emailTaken(Handle h, String email) {
        return h.createQuery("SELECT COUNT(*) FROM core_user WHERE email = :email")
                .bind("email", email.toLowerCase(java.util.Locale.ROOT)).mapTo(Long.class).one() > 0;
    }

    void touchLastLogin(Handle h, long id) {
        h.createUpdate("UPDATE core_user SET last_login = :now WHERE id = :id")
                .bind("now", System.currentTimeMillis()).bind("id", id).execute();
    }
}
