package dev.latchkey.app;

import dev.latchkey.db.DatabaseUnreachable;
import dev.latchkey.apikeys.ApiKeySecrets;
import dev.latchkey.apikeys.ApiKeyView;
import dev.latchkey.apikeys.NewApiKeyView;
import dev.latchkey.core.Actor;
import dev.latchkey.core.AppError;
import dev.latchkey.db.Database;
import dev.latchkey.people.User;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The admin commands, Metabase's and Latchkey's: reset-password, setup, api-key create|list|delete|generate and
 * migrate status. They run against the database the MB_* variables configure, never start the web server, and
 * every change they make is audited with source "cli" (as the first admin, or as the person being set up).
 * Exit codes as export/import: 0 done, 1 refused (the message says why; nothing changed), 2 cannot start.
 */
final class AdminCommands {
    private AdminCommands() {}

    /** What a command needs from its surroundings: the configuration and standard input (tests pass their own). */
    record Env(Supplier<Config> config, Supplier<InputStream> stdin) {}

    @Command(name = "reset-password", mixinStandardHelpOptions = true,
            description = {"Set a new password for a person and end their sessions.",
                    "Without --password-stdin a random password is made and printed once, for the person to change."})
    static final class ResetPassword implements Callable<Integer> {
        private final Env env;
        @Parameters(index = "0", paramLabel = "<email>") String email;
        @Option(names = "--password-stdin", description = "Read the new password from the first line of standard input.")
        boolean passwordStdin;
        @Spec CommandSpec spec;

        ResetPassword(Env env) { this.env = env; }

        @Override
        public Integer call() {
            return run(env, spec, true, (app, actor, out, err) -> {
                String password = passwordStdin ? readLine(env) : randomPassword();
                App.AdminServices a = app.admin();
                User user = app.database().withHandle(h -> a.people().findByEmail(h, email))
                        .filter(User::isPersonal).orElseThrow(() -> AppError.badRequest("No person has the email " + email + "."));
                a.accounts().changePassword(actor, user.id(), password, null);
                err.println("Password reset for " + user.email() + "; their sessions have ended.");
                if (!passwordStdin) out.println(password);
            });
        }
    }

    @Command(name = "setup", mixinStandardHelpOptions = true,
            description = "First-run setup without the browser: create the first admin (the password is read from standard input).")
    static final class Setup implements Callable<Integer> {
        private final Env env;
        @Option(names = "--email", required = true) String email;
        @Option(names = "--first-name", required = true) String firstName;
        @Option(names = "--last-name", required = true) String lastName;
        @Option(names = "--site-name", defaultValue = "Latchkey") String siteName;
        @Option(names = "--password-stdin", required = true, description = "Read the password from the first line of standard input.")
        boolean passwordStdin;
        @Spec CommandSpec spec;

        Setup(Env env) { this.env = env; }

        @Override
        public Integer call() {
            return run(env, spec, false, (app, actor, out, err) -> {
                String password = readLine(env);
                App.AdminServices a = app.admin();
                a.passwords().checkComplexity("password", password);
                app.database().useTransaction(h -> {
                    long id = a.setup().createFirstAdmin(h, email, firstName, lastName, password);
                    a.settings().put(h, dev.latchkey.settings.Settings.SITE_NAME, siteName);
                    a.audit().record(h, id, "user-invited", "User", id, java.util.Map.of("email", email.toLowerCase(java.util.Locale.ROOT)));
                });
                err.println("Latchkey is set up; " + email + " is its first admin.");
            });
        }
    }

    @Command(name = "api-key", mixinStandardHelpOptions = true, description = "Create, list, delete or generate API keys.")
    static final class ApiKey implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getErr());
            return 2;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a key and print it, and nothing else, on standard output (it is shown this once).")
    static final class ApiKeyCreate implements Callable<Integer> {
        private final Env env;
        @Option(names = "--name", required = true) String name;
        @Option(names = "--group", required = true, description = "admin, all-users, or a group's name or id.") String group;
        @Spec CommandSpec spec;

        ApiKeyCreate(Env env) { this.env = env; }

        @Override
        public Integer call() {
            return run(env, spec, true, (app, actor, out, err) -> {
                if (name.isBlank() || name.length() > dev.latchkey.apikeys.ApiKeyService.MAX_NAME) {
                    throw AppError.field("name", "value must be a non-blank string of at most 254 characters.");
                }
                long groupId = groupId(app, group);
                NewApiKeyView key = app.admin().apiKeys().create(actor, name, groupId);
                err.println("Created API key " + key.id() + " \"" + key.name() + "\" in group " + key.group().name() + ".");
                out.println(key.unmaskedKey());
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the keys: id, masked key, group, name (tab-separated).")
    static final class ApiKeyList implements Callable<Integer> {
        private final Env env;
        @Spec CommandSpec spec;

        ApiKeyList(Env env) { this.env = env; }

        @Override
        public Integer call() {
            return run(env, spec, true, (app, actor, out, err) -> {
                for (ApiKeyView k : app.admin().apiKeys().list(actor)) {
                    out.println(k.id() + "\t" + k.maskedKey() + "\t" + k.group().name() + "\t" + k.name());
                }
            });
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a key, named by id or by name.")
    static final class ApiKeyDelete implements Callable<Integer> {
        private final Env env;
        @Parameters(index = "0", paramLabel = "<id|name>") String key;
        @Spec CommandSpec spec;

        ApiKeyDelete(Env env) { this.env = env; }

        @Override
        public Integer call() {
            return run(env, spec, true, (app, actor, out, err) -> {
                List<ApiKeyView> keys = app.admin().apiKeys().list(actor);
                ApiKeyView found = keys.stream().filter(k -> String.valueOf(k.id()).equals(key)).findFirst()
                        .or(() -> keys.stream().filter(k -> k.name().equalsIgnoreCase(key)).findFirst())
                        .orElseThrow(() -> AppError.badRequest("No API key has the id or name " + key + "."));
                app.admin().apiKeys().delete(actor, found.id());
                err.println("Deleted API key " + found.id() + " \"" + found.name() + "\".");
            });
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = {"Make a key offline, touching no database: prints the key and its key_sha256 for a config file.",
                    "Give the key to its user and put only key_sha256 in the config file (MB_CONFIG_FILE_PATH)."})
    static final class ApiKeyGenerate implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            ApiKeySecrets.Generated key = new ApiKeySecrets().generate();
            PrintWriter out = spec.commandLine().getOut();
            out.println("key: " + key.plaintext());
            out.println("key_sha256: " + new ApiKeySecrets.Stored(key.keyId(), key.secretHashHex()).digest());
            out.flush();
            return 0;
        }
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true, description = "Schema migrations.")
    static final class Migrate implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getErr());
            return 2;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show each migration and its state without applying any; exit 1 when some are pending.")
    static final class MigrateStatus implements Callable<Integer> {
        private final Env env;
        @Spec CommandSpec spec;

        MigrateStatus(Env env) { this.env = env; }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                List<Database.Migration> all = Database.migrationStatus(env.config().get().db());
                for (Database.Migration m : all) {
                    out.println(m.version() + "\t" + m.state() + "\t" + (m.installedOn() == null ? "-" : m.installedOn()) + "\t" + m.description());
                }
                long pending = all.stream().filter(m -> m.state().equals("Pending")).count();
                err.println(pending == 0 ? "The schema is up to date." : pending + " migration(s) pending; starting Latchkey applies them.");
                return pending == 0 ? 0 : 1;
            } catch (Config.ConfigException | DatabaseUnreachable e) {
                err.println("Latchkey cannot start: " + e.getMessage());
                return 2;
            } catch (RuntimeException e) {
                err.println("Cannot read the migrations: " + e.getMessage());
                return 2;
            } finally {
                out.flush();
                err.flush();
            }
        }
    }

    /** The commands, with their surroundings, to add to the main command line. */
    static void addTo(picocli.CommandLine cl, Env env) {
        cl.addSubcommand("reset-password", new ResetPassword(env));
        cl.addSubcommand("setup", new Setup(env));
        cl.addSubcommand("api-key", new picocli.CommandLine(new ApiKey())
                .addSubcommand("create", new ApiKeyCreate(env))
                .addSubcommand("list", new ApiKeyList(env))
                .addSubcommand("delete", new ApiKeyDelete(env))
                .addSubcommand("generate", new ApiKeyGenerate()));
        cl.addSubcommand("migrate", new picocli.CommandLine(new Migrate()).addSubcommand("status", new MigrateStatus(env)));
    }

    private interface Task {
        void run(App app, Actor actor, PrintWriter out, PrintWriter err);
    }

    /** Builds the app for the CLI, finds the acting admin when {@code needsAdmin}, runs, maps errors to exit codes. */
    private static int run(Env env, CommandSpec spec, boolean needsAdmin, Task task) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (App app = App.forCommandLine(env.config().get())) {
            Optional<Actor> actor = app.admin().people().firstActiveAdmin().map(u -> new Actor(u.id(), true, Actor.Via.SYSTEM));
            if (needsAdmin && actor.isEmpty()) {
                err.println("Latchkey is not set up yet: run `latchkey setup` (or POST /api/setup) first.");
                return 2;
            }
            task.run(app, actor.orElse(null), out, err);
            return 0;
        } catch (Config.ConfigException | DatabaseUnreachable e) {
            err.println("Latchkey cannot start: " + e.getMessage());
            return 2;
        } catch (AppError e) {
            err.println(message(e));
            return 1;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** An AppError's message, with Metabase's field errors spelled out (field: message). */
    private static String message(AppError e) {
        if (e.errors() == null) return e.getMessage();
        StringBuilder sb = new StringBuilder();
        e.errors().forEach((field, message) -> sb.append(sb.length() == 0 ? "" : "\n").append(field).append(": ").append(message));
        return sb.toString();
    }

    private static long groupId(App app, String group) {
        if (group.matches("[0-9]{1,18}")) return Long.parseLong(group);
        return app.database().withHandle(h -> app.admin().groups().idByName(h, group))
                .orElseThrow(() -> AppError.field("group", "No group is named " + group + " (use admin, all-users, or a group's name or id)."));
    }

    private static String readLine(Env env) {
        try {
            String line = new BufferedReader(new InputStreamReader(env.stdin().get(), StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) throw new IllegalArgumentException("No password on standard input.");
            return line;
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read standard input: " + e.getMessage());
        }
    }

    /** 24 characters from letters and digits (about 143 bits), with each kind present, for the password rules. */
    private static String randomPassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder("Aa1-");
        for (int i = 0; i < 24; i++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        return sb.toString();
    }
}
