package dev.latchkey.serialization;

import dev.latchkey.app.Config;
import dev.latchkey.app.Main;
import dev.latchkey.content.Content;
import dev.latchkey.support.TestApp;
import dev.latchkey.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** `latchkey export <dir>` and `latchkey import <dir>` against a configured database, without the web server. */
class CommandLineTest {
    static TestApp source;
    static TestApp target;
    @TempDir static Path work;

    @BeforeAll
    static void start() {
        source = TestApp.start();
        target = TestApp.start();
        long parent = new Content(source).collection("Exported by the CLI", null);
        new Content(source).collection("Its child", parent);
    }

    @AfterAll
    static void stop() {
        source.close();
        target.close();
    }

    record Run(int exit, String out, String err) {}

    static Run latchkey(Supplier<Config> config, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine(config);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Supplier<Config> configOf(TestApp app) { return () -> app.database.config(); }

    @Test
    void export_writes_the_directory_and_import_loads_it_into_another_instance() {
        Path dir = work.resolve("backup");
        Run export = latchkey(configOf(source), "export", dir.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(export.out()).contains("Export finished");
        assertThat(dir.resolve("settings.yaml")).isRegularFile();
        assertThat(dir.resolve("export.log")).isRegularFile();

        Run imported = latchkey(configOf(target), "import", dir.toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("Import finished: 2 created");
        assertThat(ContentState.of(target).all()).isEqualTo(ContentState.of(source).all());
    }

    @Test
    void exporting_again_into_the_same_directory_removes_the_files_of_renamed_collections_only() throws Exception {
        Path dir = work.resolve("git-checkout");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("README.md"), "kept");
        long id = new Content(source).collection("Before rename", null);
        assertThat(latchkey(configOf(source), "export", dir.toString()).exit()).isZero();
        String eid = source.api.as(source.admin).get("/api/collection/" + id).expect(200).json().get("entity_id").asText();
        assertThat(dir.resolve("collections").resolve(eid + "_before_rename")).isDirectory();
        source.api.as(source.admin).put("/api/collection/" + id, java.util.Map.of("name", "After rename")).expect(200);
        Run again = latchkey(configOf(source), "export", dir.toString());
        assertThat(again.out()).contains("Removed 1 YAML files of an earlier export");
        assertThat(dir.resolve("collections").resolve(eid + "_before_rename")).doesNotExist();
        assertThat(dir.resolve("collections").resolve(eid + "_after_rename").resolve(eid + "_after_rename.yaml")).isRegularFile();
        assertThat(dir.resolve("README.md")).hasContent("kept");
        assertThat(latchkey(configOf(target), "import", dir.toString()).exit()).isZero();
    }

    @Test
    void export_without_collections_writes_only_settings_and_the_log() {
        Path dir = work.resolve("settings-only");
        assertThat(latchkey(configOf(source), "export", "--no-collections", dir.toString()).exit()).isZero();
        assertThat(dir.resolve("collections")).doesNotExist();
    }

    @Test
    void a_directory_with_a_link_is_refused_with_exit_code_1_and_nothing_imported() throws Exception {
        Path dir = work.resolve("with-link");
        Files.createDirectories(dir.resolve("collections"));
        Files.writeString(dir.resolve("settings.yaml"), "site-name: Linked\n");
        Files.createSymbolicLink(dir.resolve("collections").resolve("evil.yaml"), Path.of("/etc/passwd"));
        Run r = latchkey(configOf(target), "import", dir.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("collections/evil.yaml: not a plain file").contains("nothing was changed");
        assertThat(target.api.as(target.admin).get("/api/session/properties").expect(200).json().get("site-name").asText())
                .isNotEqualTo("Linked");
    }

    @Test
    void before_setup_the_commands_refuse_to_run() {
        try (TestDatabase fresh = new TestDatabase()) {
            Run r = latchkey(fresh::config, "export", work.resolve("never").toString());
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("not set up yet");
        }
    }
}
