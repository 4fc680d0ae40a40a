package dev.latchkey.setup;

import dev.latchkey.core.Actor;
import dev.latchkey.auth.Passwords;
import dev.latchkey.auth.SessionService;
import dev.latchkey.core.AppError;
import dev.latchkey.db.Database;
import dev.latchkey.db.SqlErrors;
import dev.latchkey.groups.GroupService;
import dev.latchkey.people.PeopleService;
import dev.latchkey.people.User;
import dev.latchkey.settings.Settings;
import dev.latchkey.settings.SettingsService;

import org.jdbi.v3.core.Handle;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * First-run setup: a setup token is made at the first start; POST /api/setup with it creates the first admin
 * once. The "setup-done" setting row is the lock: two racing setups cannot both insert it.
 */
public final class SetupService {
    public static final String ALREADY = "The /api/setup route can only be used to create the first user, however a user currently exists.";
    public static final String BAD_TOKEN = "Token does not match the setup token.";

    private final Database db;
    private final Settings settings;
    private final SettingsService values;
    private final PeopleService people;
    private final GroupService groups;
    private final SessionService sessions;
    private final Passwords passwords;
    private final String version;

    public record NewAdmin(String token, String email, String firstName, String lastName, String password, String siteName) {}

    public SetupService(Database db, Settings settings, SettingsService values, PeopleService people, GroupService groups,
                        SessionService sessions, Passwords passwords, String version) {
        this.db = db;
        this.settings = settings;
        this.values = values;
        this.people = people;
        this.groups = groups;
        this.sessions = sessions;
        this.passwords = passwords;
        this.version = version;
        db.useTransaction(h -> {
            if (settings.get(h, Settings.SETUP_DONE).isEmpty() && settings.get(h, Settings.SETUP_TOKEN).isEmpty()) {
                settings.put(h, Settings.SETUP_TOKEN, UUID.randomUUID().toString());
            }
        });
    }

    public boolean isSetUp() { return settings.get(Settings.SETUP_DONE).isPresent(); }

    /** Validates, then creates the first admin and a session for them in one transaction; returns the session id. */
    public String setUp(NewAdmin in) {
        String expected = settings.get(Settings.SETUP_TOKEN).orElse(null);
        if (in.token() == null || expected == null
                || !MessageDigest.isEqual(in.token().getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
            if (isSetUp()) throw AppError.forbidden(ALREADY);
            throw AppError.invalid("token", BAD_TOKEN, in.token());
        }
        passwords.checkComplexity("password", in.password());
        try {
            return db.inTransaction(h -> {
                long id = createFirstAdmin(h, in.email(), in.firstName(), in.lastName(), in.password());
                settings.put(h, Settings.SITE_NAME, in.siteName());
                return sessions.openSession(h, id);
            });
        } catch (RuntimeException e) {
            if (SqlErrors.classify(e) == SqlErrors.Kind.UNIQUE) throw AppError.forbidden(ALREADY);
            throw e;
        }
    }

    /**
     * Creates the first admin and marks the instance set up, inside the caller's transaction (also for the CLI's
     * setup and a config file's first user); 403 when someone else got there first.
     */
    public long createFirstAdmin(Handle h, String email, String firstName, String lastName, String password) {
        if (!settings.insertIfAbsent(h, Settings.SETUP_DONE, "true")) throw AppError.forbidden(ALREADY);
        long id = people.create(h, email, firstName, lastName, password, User.PERSONAL, Set.of(groups.adminId()));
        settings.put(h, "admin-email", email.toLowerCase());
        settings.remove(h, Settings.SETUP_TOKEN);
        return id;
    }

    /** Public session properties, with the settings the caller may read (site-name once signed in, as in Metabase). */
    public Map<String, Object> properties(Actor actor) {
        Map<String, Object> p = new LinkedHashMap<>();
        boolean done = isSetUp();
        p.put("setup-token", done ? null : settings.get(Settings.SETUP_TOKEN).orElse(null));
        p.put("has-user-setup", done);
        p.put("password-complexity", passwords.rules());
        p.put("version", Map.of("tag", "v" + version, "hash", "latchkey", "date", "2026-11-26"));
        p.put("available-locales", java.util.List.of(java.util.List.of("en", "English")));
        p.put("application-name", "Latchkey");
        p.put("google-auth-client-id", null);
        p.put("ldap-enabled", false);
        p.put("anon-tracking-enabled", false);
        p.put("session-cookies", null);
        p.put("token-features", Map.of());
        p.put("landing-page", "");
        p.putAll(values.visibleValues(actor)); // the settings of /api/setting this caller may read, as in Metabase
        return p;
    }
}
