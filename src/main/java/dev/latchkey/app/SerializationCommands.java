package dev.latchkey.app;

import dev.latchkey.db.DatabaseUnreachable;
import dev.latchkey.core.Actor;
import dev.latchkey.core.AppError;
import dev.latchkey.serialization.ExportOptions;
import dev.latchkey.serialization.SerializationService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * `latchkey export <dir>` and `latchkey import <dir>`: Metabase's serialization CLI, run against the database
 * the MB_* variables configure. The app is built as for serving but its web server is never started.
 */
final class SerializationCommands {
    private SerializationCommands() {}

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Export collections, questions, dashboards and settings as YAML files into <dir>.")
    static final class Export implements Callable<Integer> {
        private final Supplier<Config> config;
        @Parameters(index = "0", paramLabel = "<dir>", description = "Directory to write (created if missing).")
        Path dir;
        @Option(names = {"-c", "--collection"}, paramLabel = "ID", description = "Export only this collection (id or eid:<entity id>); repeatable.")
        List<String> collections = new ArrayList<>();
        @Option(names = "--no-collections", description = "Export no collections, questions or dashboards.")
        boolean noCollections;
        @Option(names = "--no-settings", description = "Leave out settings.yaml.")
        boolean noSettings;

        @Spec
        CommandSpec spec;

        Export(Supplier<Config> config) { this.config = config; }

        @Override
        public Integer call() {
            return run(config, spec, (service, actor) -> {
                ExportOptions options = ExportOptions.parse(collections, !noCollections, !noSettings, true, false, false, null);
                return service.exportTo(actor, dir, options);
            });
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import a directory written by export (or an unpacked API export) into this instance.")
    static final class Import implements Callable<Integer> {
        private final Supplier<Config> config;
        @Parameters(index = "0", paramLabel = "<dir>", description = "Directory to read.")
        Path dir;
        @Option(names = "--continue-on-error", description = "Skip files that cannot be imported instead of importing nothing.")
        boolean continueOnError;

        @Spec
        CommandSpec spec;

        Import(Supplier<Config> config) { this.config = config; }

        @Override
        public Integer call() {
            return run(config, spec, (service, actor) -> service.importFrom(actor, dir, continueOnError));
        }
    }

    private interface Task {
        /** Returns the log to print. */
        String run(SerializationService service, Actor actor);
    }

    /** Exit codes: 0 done, 1 refused (the log says why; nothing was imported), 2 cannot start. */
    private static int run(Supplier<Config> config, CommandSpec spec, Task task) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (App app = new App(config.get())) {
            Actor actor = app.serialization().commandLineActor().orElse(null);
            if (actor == null) {
                err.println("Latchkey is not set up yet: create the first admin (POST /api/setup) before export or import.");
                return 2;
            }
            out.print(task.run(app.serialization(), actor));
            return 0;
        } catch (Config.ConfigException | DatabaseUnreachable e) {
            err.println("Latchkey cannot start: " + e.getMessage());
            return 2;
        } catch (AppError e) {
            err.print(e.getMessage().endsWith("\n") ? e.getMessage() : e.getMessage() + "\n");
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
