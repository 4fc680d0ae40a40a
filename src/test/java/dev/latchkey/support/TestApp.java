package dev.latchkey.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.app.App;
import dev.latchkey.app.Config;

import java.util.Map;

/**
 * The real application (production wiring) on a random port and a fresh database, with two people seeded
 * through the API: an admin (Metabase's Crowberto) and a member (Rasta).
 *
 * <pre>
 * static TestApp app = TestApp.start();
 * app.api.as(app.admin).get("/api/user/current").expect(200);
 * </pre>
 */
public final class TestApp implements AutoCloseable {
    public static final String ADMIN_EMAIL = "crowberto@metabase.com";
    public static final String MEMBER_EMAIL = "rasta@metabase.com";
    public static final String PASSWORD = "Passw0rd-for-tests";

    public final TestDatabase database;
    public final App app;
    public final Api api;
    /** The app's clock: {@code clock.advance(...)} ages sessions and login throttles without sleeping. */
    public final TestClock clock;
    public final Api.Caller admin;
    public final Api.Caller member;
    public final long adminId;
    public final long memberId;
    private final Config config;

    /** Starts the app; seeds the admin and member through setup unless {@code seed} is false. */
    private TestApp(TestDatabase database, Config config, TestClock clock, boolean seed) {
        this.database = database;
        this.config = config;
        this.clock = clock;
        this.app = new App(config, clock).start();
        this.api = new Api("http://localhost:" + app.port(), new java.util.LinkedHashMap<>());
        if (!seed) {
            this.admin = null;
            this.member = null;
            this.adminId = 0;
            this.memberId = 0;
            return;
        }
        String token = api.anonymous().get("/api/session/properties").expect(200).json().get("setup-token").asText();
        String adminSession = api.anonymous().post("/api/setup", Map.of("token", token,
                "user", Map.of("email", ADMIN_EMAIL, "first_name", "Crowberto", "last_name", "Corv", "password", PASSWORD),
                "prefs", Map.of("site_name", "Latchkey tests"))).expect(200).json().get("id").asText();
        this.admin = a -> a.withSession(adminSession);
        this.adminId = api.as(admin).get("/api/user/current").expect(200).json().get("id").asLong();
        JsonNode m = api.as(admin).post("/api/user", Map.of("email", MEMBER_EMAIL, "first_name", "Rasta",
                "last_name", "Toucan", "password", PASSWORD)).expect(200).json();
        this.memberId = m.get("id").asLong();
        String memberSession = login(MEMBER_EMAIL, PASSWORD);
        this.member = a -> a.withSession(memberSession);
    }

    /** The same database and callers, served by a new App (as after a server restart). */
    private TestApp(TestApp before) {
        this.database = before.database;
        this.config = before.config;
        this.clock = before.clock;
        this.app = new App(config, clock).start();
        this.api = new Api("http://localhost:" + app.port(), new java.util.LinkedHashMap<>());
        this.admin = before.admin;
        this.member = before.member;
        this.adminId = before.adminId;
        this.memberId = before.memberId;
    }

    /** A fresh app on a fresh database of the kind LATCHKEY_TEST_DB selects. */
    public static TestApp start() { return start(c -> c); }

    /** A fresh app with a configuration tweak (e.g. a short session age). */
    public static TestApp start(java.util.function.UnaryOperator<Config> tweak) {
        TestDatabase db = new TestDatabase();
        return new TestApp(db, tweak.apply(db.config()), new TestClock(), true);
    }

    /** A fresh app before first-run setup: no people yet, admin and member are null. */
    public static TestApp startUnseeded() {
        TestDatabase db = new TestDatabase();
        return new TestApp(db, db.config(), new TestClock(), false);
    }

    /**
     * Stops this app and starts a new one on the same database, as a server restart does. Use the returned app
     * from then on (its port differs) and close it instead of this one.
     */
    public TestApp restart() {
        app.close();
        return new TestApp(this);
    }

    /**
     * Another instance of the application on the same database (a second server behind a load balancer), with the
     * same callers. Stop it with {@link #stopPeer()}; closing the first app drops the database.
     */
    public TestApp peer() { return new TestApp(this); }

    /** Stops this instance only (for peers). */
    public void stopPeer() { app.close(); }

    /** Signs in with a password and returns the session id. */
    public String login(String email, String password) {
        return api.anonymous().post("/api/session", Map.of("username", email, "password", password))
                .expect(200).json().get("id").asText();
    }

    /** A caller that presents the given session id. */
    public static Api.Caller session(String sessionId) { return a -> a.withSession(sessionId); }

    /** A caller that presents the given API key. */
    public static Api.Caller key(String apiKey) { return a -> a.withKey(apiKey); }

    /** Nobody: no credentials. */
    public static final Api.Caller ANONYMOUS = a -> a;

    @Override
    public void close() {
        app.close();
        database.close();
    }
}
