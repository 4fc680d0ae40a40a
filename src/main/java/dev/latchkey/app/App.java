package dev.latchkey.app;

import dev.latchkey.apikeys.ApiKeyPolicy;
import dev.latchkey.apikeys.ApiKeyRoutes;
import dev.latchkey.apikeys.ApiKeyService;
import dev.latchkey.apikeys.KeyPermissionRoutes;
import dev.latchkey.apikeys.KeyPermissions;
import dev.latchkey.apikeys.PersonalKeyRoutes;
import dev.latchkey.apikeys.PersonalKeys;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.audit.AuditRoutes;
import dev.latchkey.audit.AuditService;
import dev.latchkey.auth.Authentication;
import dev.latchkey.auth.Passwords;
import dev.latchkey.auth.SessionRoutes;
import dev.latchkey.auth.SessionService;
import dev.latchkey.auth.UserEvents;
import dev.latchkey.cluster.Invalidations;
import dev.latchkey.content.cards.CardRoutes;
import dev.latchkey.content.cards.CardService;
import dev.latchkey.content.collections.CollectionRoutes;
import dev.latchkey.content.collections.Catalog;
import dev.latchkey.content.collections.CollectionService;
import dev.latchkey.content.dashboards.DashboardRoutes;
import dev.latchkey.content.dashboards.DashboardService;
import dev.latchkey.content.search.ItemsService;
import dev.latchkey.content.search.SearchRoutes;
import dev.latchkey.content.search.SearchService;
import dev.latchkey.db.Database;
import dev.latchkey.gateway.ForwardAuth;
import dev.latchkey.gateway.ForwardAuthRoutes;
import dev.latchkey.gateway.LeakReportRoutes;
import dev.latchkey.gateway.LeakReports;
import dev.latchkey.gateway.SigningKeys;
import dev.latchkey.groups.GroupRoutes;
import dev.latchkey.groups.GroupService;
import dev.latchkey.groups.MembershipService;
import dev.latchkey.people.AccountService;
import dev.latchkey.people.PeopleRoutes;
import dev.latchkey.people.PeopleService;
import dev.latchkey.permissions.PermissionRoutes;
import dev.latchkey.permissions.PermissionService;
import dev.latchkey.serialization.SerializationRoutes;
import dev.latchkey.serialization.SerializationService;
import dev.latchkey.settings.SettingRoutes;
import dev.latchkey.settings.Settings;
import dev.latchkey.settings.SettingsService;
import dev.latchkey.setup.SetupRoutes;
import dev.latchkey.setup.SetupService;
import dev.latchkey.web.ClientAddress;
import dev.latchkey.web.Guards;
import dev.latchkey.web.Health;
import dev.latchkey.web.RequestObserver;
import dev.latchkey.web.Routes;
import dev.latchkey.web.SessionCookies;
import dev.latchkey.web.Web;
import io.javalin.Javalin;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** The one composition root: builds every part with `new`, in dependency order. No container, no statics. */
public final class App implements AutoCloseable {
    public static final String VERSION = "0.1.0";

    private final Config config;
    private final Database db;
    private final Javalin web;
    private final SerializationService serialization;
    private final ApiKeyService apiKeys;
    private final UserEvents events;
    private final Invalidations invalidations;
    private final Ops ops;
    private final AdminServices admin;

    public App(Config config) { this(config, Clock.systemUTC()); }

    /** The clock drives session expiry and the sign-in throttle; tests pass one they control. */
    public App(Config config, Clock clock) { this(config, clock, null); }

    /** {@code auditSource}: null when serving the API, "cli" or "config-file" when built for those (AuditLog). */
    App(Config config, Clock clock, String auditSource) {
        this.config = config;
        this.db = new Database(config.db());
        this.ops = new Ops(config, clock, db, auditSource);
        Passwords passwords = new Passwords(config.bcryptCost(), config.passwordComplexity());
        Settings settings = new Settings(db);
        AuditLog audit = ops.auditLog();
        this.invalidations = invalidations(config, db);
        this.events = new UserEvents(invalidations);
        GroupService groups = new GroupService(db, events, audit);
        PermissionService permissions = new PermissionService(db, groups, audit, new Catalog(invalidations));
        CollectionService collections = new CollectionService(db, permissions, audit, CardService.archive(), DashboardService.archive(),
                invalidations);
        PeopleService people = new PeopleService(db, groups, passwords, collections, audit, events);
        // start-up step: people created before personal collections existed get theirs
        db.useTransaction(h -> collections.backfillPersonalCollections(h, people.allPersons(h)));
        SessionService sessions = new SessionService(db, people, passwords, config.maxSessionAgeMinutes(),
                config.sessionThrottleDisabled(), clock, invalidations, ops.metrics());
        SessionCookies cookies = new SessionCookies(sessions.maxAgeSeconds());
        SettingsService settingValues = new SettingsService(db, settings, config.fixedSettings(), audit);
        SetupService setup = new SetupService(db, settings, settingValues, people, groups, sessions, passwords, VERSION);

        CardService cards = new CardService(db, permissions, collections.access(), people, audit);
        DashboardService dashboards = new DashboardService(db, permissions, collections.access(), cards, people, audit);
        SearchService search = new SearchService(db, permissions, collections.access(), people);
        ItemsService items = new ItemsService(db, permissions, collections.access(), people);
        this.apiKeys = new ApiKeyService(db, people, groups, events, audit, ops.metrics(), settingValues, clock);
        this.serialization = new SerializationService(db, settings, people, collections, cards, dashboards, audit);

        AccountService accounts = new AccountService(db, people, groups, sessions, passwords, events, audit);
        PersonalKeys personalKeys = new PersonalKeys(db, apiKeys, groups, settingValues);
        accounts.onDeactivate(personalKeys::deleteAllOf);
        Authentication authentication = new Authentication(sessions, apiKeys.authenticator(), clock::millis);
        List<Routes> features = new java.util.ArrayList<>(List.of(
                new Health(db.availability()),
                new SetupRoutes(setup, cookies),
                new SessionRoutes(sessions, cookies),
                new PeopleRoutes(people, accounts, cookies),
                new GroupRoutes(groups, new MembershipService(groups)),
                new ApiKeyRoutes(apiKeys),
                new KeyPermissionRoutes(new KeyPermissions(db, apiKeys, groups, permissions, collections, settingValues)),
                new PersonalKeyRoutes(personalKeys),
                new AuditRoutes(new AuditService(db)),
                // the graph and /tree must come before /api/collection/{id} (which also answers "root")
                new PermissionRoutes(permissions),
                new CollectionRoutes(collections),
                new CardRoutes(cards),
                new DashboardRoutes(dashboards),
                new SearchRoutes(search, items),
                new SerializationRoutes(serialization),
                new SettingRoutes(settingValues),
                new ForwardAuthRoutes(new ForwardAuth(authentication, apiKeys)),
                ops.docs(this::routes)));
        // Without signing keys there is no way to believe a leak report: the route does not exist (404).
        Path signingKeys = config.ops().secretScanningKeys();
        if (signingKeys != null) features.add(new LeakReportRoutes(new LeakReports(apiKeys, signingKeys(signingKeys), clock::millis)));
        Guards guards = new Guards(new ClientAddress(config.proxy().header(), config.proxy().trusted()), db.availability());
        this.web = Web.create(config.host(), config.port(), authentication, features, guards,
                RequestObserver.withActor(ops.metrics(), apiKeys::requestFinished));
        ops.instrument(web, audit, sessions, apiKeys);
        this.admin = new AdminServices(setup, people, accounts, groups, apiKeys, settings, passwords, audit);
    }

    /** The app for the admin commands: never serves, and audits its changes as made by the CLI. */
    public static App forCommandLine(Config config) { return new App(config.withOperations(Config.Operations.NONE), Clock.systemUTC(), "cli"); }

    /** Applies MB_CONFIG_FILE_PATH (if set), then serves. A bad file stops here, before anything listens. */
    public App start() {
        ops.provision();
        invalidations.start();
        apiKeys.start();
        web.start();
        ops.start();
        return this;
    }

    /** The services the admin commands and provisioning use. */
    public record AdminServices(SetupService setup, PeopleService people, AccountService accounts, GroupService groups,
                                ApiKeyService apiKeys, Settings settings, Passwords passwords, AuditLog audit) {}

    public AdminServices admin() { return admin; }

    /** The Prometheus listener's port, or -1 when MB_PROMETHEUS_SERVER_PORT is not set. */
    public int metricsPort() { return ops.metricsPort(); }

    public int port() { return web.port(); }

    public Database database() { return db; }

    public Config config() { return config; }

    /** For the CLI's export/import commands, which use the app without starting the web server. */
    public SerializationService serialization() { return serialization; }

    /** For the API-key benchmarks, which measure the services without HTTP. */
    public ApiKeyService apiKeys() { return apiKeys; }

    public UserEvents userEvents() { return events; }

    /** Cross-instance cache invalidation: its state and propagation lag (metrics, tests). */
    public Invalidations invalidations() { return invalidations; }

    private static SigningKeys signingKeys(Path file) {
        try {
            return SigningKeys.read(file);
        } catch (IllegalArgumentException e) {
            throw new Config.ConfigException("LATCHKEY_SECRET_SCANNING_KEYS " + e.getMessage());
        }
    }

    /** Several instances may share PostgreSQL or MariaDB; H2 is single-instance (see README, "Running N instances"). */
    private static Invalidations invalidations(Config config, Database db) {
        return switch (config.dbType()) {
            case H2 -> Invalidations.local();
            case POSTGRES -> Invalidations.postgres(config.jdbcUrl(), config.dbUser(), config.dbPassword());
            case MYSQL -> Invalidations.mariadb(db, config.jdbcUrl(), config.dbUser(), config.dbPassword());
        };
    }

    /** Every registered HTTP route with its access role (the robustness tests walk all of them). */
    public List<Web.RouteInfo> routes() { return Web.routes(web); }

    @Override
    public void close() {
        web.stop();
        apiKeys.close(); // writes the usage counted since the last flush
        invalidations.close();
        ops.close();
        db.close();
    }
}
