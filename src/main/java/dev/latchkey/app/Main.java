package dev.latchkey.app;

import dev.latchkey.db.DatabaseUnreachable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/** `java -jar latchkey.jar` starts the server; subcommands run one-off tasks against the configured database. */
@Command(name = "latchkey", mixinStandardHelpOptions = true, version = App.VERSION,
        description = "Latchkey: a Metabase-compatible API-key server. Configured with MB_* environment variables.",
        subcommands = {})
public final class Main implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    public static void main(String[] args) {
        System.exit(commandLine(Config::fromEnv).execute(args));
    }

    /** The command line with its subcommands, which read their configuration from {@code config} (tests pass their own). */
    public static CommandLine commandLine(Supplier<Config> config) { return commandLine(config, () -> System.in); }

    /** As above, reading passwords (--password-stdin) from {@code stdin}. */
    public static CommandLine commandLine(Supplier<Config> config, Supplier<java.io.InputStream> stdin) {
        CommandLine cl = new CommandLine(new Main())
                .addSubcommand("export", new SerializationCommands.Export(config))
                .addSubcommand("import", new SerializationCommands.Import(config));
        AdminCommands.addTo(cl, new AdminCommands.Env(config, stdin));
        return cl;
    }

    @Override
    public Integer call() throws InterruptedException {
        Config config;
        try {
            config = Config.fromEnv();
        } catch (Config.ConfigException | DatabaseUnreachable e) {
            System.err.println("Latchkey cannot start: " + e.getMessage());
            return 2;
        }
        App app;
        try {
            app = new App(config).start();
        } catch (Config.ConfigException | DatabaseUnreachable e) {
            System.err.println("Latchkey cannot start: " + e.getMessage());
            return 2;
        }
        log.info("Latchkey {} listening on http://{}:{} ({} database)", App.VERSION, config.host(), app.port(), config.dbType());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }
}
