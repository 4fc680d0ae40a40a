package dev.latchkey.serialization;

import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static dev.latchkey.support.TestApp.ANONYMOUS;
import static org.assertj.core.api.Assertions.assertThat;

/** The two endpoints' contracts: status codes, headers, parameters and refusals (content round trips elsewhere). */
class SerializationApiTest {
    static TestApp app;

    @BeforeAll static void start() { app = TestApp.start(); }

    @AfterAll static void stop() { app.close(); }

    static String siteName() {
        return app.api.as(app.admin).get("/api/session/properties").expect(200).json().get("site-name").asText();
    }

    static Map<String, byte[]> unpack(byte[] archive) {
        return Archive.read(new ByteArrayInputStream(archive), Archive.Limits.DEFAULT);
    }

    static String text(byte[] b) { return new String(b, StandardCharsets.UTF_8); }

    @Nested
    class Export {
        @Test
        void an_admin_gets_a_gzip_attachment_named_after_the_site_and_the_time() {
            HttpResponse<byte[]> r = Serdes.export(app, app.admin, "");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/gzip");
            String disposition = r.headers().firstValue("Content-Disposition").orElseThrow();
            assertThat(disposition).matches("attachment; filename=\"latchkey_tests-\\d{4}-\\d\\d-\\d\\d_\\d\\d-\\d\\d\\.tar\\.gz\"");
            String dir = disposition.replaceAll(".*filename=\"(.*)\\.tar\\.gz\"", "$1");
            Map<String, byte[]> files = unpack(r.body());
            assertThat(files).containsKeys(dir + "/settings.yaml", dir + "/export.log");
            assertThat(text(files.get(dir + "/settings.yaml")))
                    .isEqualTo("report-timezone: null\nsite-locale: null\nsite-name: Latchkey tests\nstart-of-week: null\n");
        }

        @Test
        void dirname_names_the_directory_and_the_file() {
            HttpResponse<byte[]> r = Serdes.export(app, app.admin, "dirname=latchkey_data");
            assertThat(r.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"latchkey_data.tar.gz\"");
            assertThat(unpack(r.body()).keySet()).allMatch(p -> p.startsWith("latchkey_data/"));
        }

        @Test
        void settings_false_leaves_out_settings_yaml() {
            Map<String, byte[]> files = unpack(Serdes.exportOk(app, app.admin, "dirname=d&settings=false&data_model=false"));
            assertThat(files).containsOnlyKeys("d/export.log");
        }

        @Test
        void two_exports_of_unchanged_content_are_byte_identical() {
            assertThat(Serdes.exportOk(app, app.admin, "dirname=same")).isEqualTo(Serdes.exportOk(app, app.admin, "dirname=same"));
        }

        @Test
        void a_dirname_that_could_escape_or_break_the_header_is_a_400() {
            for (String bad : new String[]{"..", "a%2Fb", "a%22b", "a%20b", "-rf", "caf%C3%A9"}) {
                HttpResponse<byte[]> r = Serdes.export(app, app.admin, "dirname=" + bad);
                assertThat(r.statusCode()).as(bad).isEqualTo(400);
                assertThat(text(r.body())).contains("\"dirname\"");
            }
        }

        @Test
        void a_collection_that_is_neither_an_id_nor_an_eid_is_a_400() {
            HttpResponse<byte[]> r = Serdes.export(app, app.admin, "collection=abc");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(text(r.body())).contains("\"collection\"").contains("eid:<...>");
        }

        @Test
        void a_boolean_parameter_that_is_not_true_or_false_is_a_400() {
            HttpResponse<byte[]> r = Serdes.export(app, app.admin, "settings=yes");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(text(r.body())).contains("\"settings\"");
        }

        @Test
        void without_credentials_it_is_401_and_for_a_member_403() {
            HttpResponse<byte[]> anonymous = Serdes.export(app, ANONYMOUS, "");
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(text(anonymous.body())).isEqualTo("Unauthenticated");
            HttpResponse<byte[]> member = Serdes.export(app, app.member, "");
            assertThat(member.statusCode()).isEqualTo(403);
            assertThat(text(member.body())).isEqualTo("You don't have permissions to do that.");
        }
    }

    @Nested
    class Import {
        @Test
        void an_admin_imports_settings_and_gets_a_text_log() {
            String before = siteName();
            byte[] archive = new TarBuilder().file("latchkey_data/settings.yaml", "site-name: Imported name\nsite-locale: null\n").tgz();
            HttpResponse<String> r = Serdes.importArchive(app, app.admin, archive);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            assertThat(r.body()).contains("Updated Settings: site-name, site-locale").contains("Import finished");
            assertThat(siteName()).isEqualTo("Imported name");
            Serdes.importOk(app, app.admin, new TarBuilder().file("d/settings.yaml", "site-name: " + before + "\n").tgz());
            assertThat(siteName()).isEqualTo(before);
        }

        @Test
        void continue_on_error_is_read_from_the_query_or_the_form() {
            byte[] archive = new TarBuilder().file("d/settings.yaml", "site-name: [unclosed\n").tgz();
            assertThat(Serdes.importArchive(app, app.admin, archive, "continue_on_error=true", Map.of()).body())
                    .contains("(continue_on_error)");
            assertThat(Serdes.importArchive(app, app.admin, archive, "", Map.of("continue_on_error", "true")).body())
                    .contains("(continue_on_error)");
            assertThat(Serdes.importArchive(app, app.admin, archive, "continue_on_error=maybe", Map.of()).statusCode()).isEqualTo(400);
        }

        @Test
        void a_request_without_a_file_is_a_400_on_file() {
            HttpResponse<String> r = Serdes.importArchive(app, app.admin, null, "", Map.of("other", "x"));
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("\"file\"").contains(SerializationRoutes.FILE_MESSAGE);
            assertThat(app.api.as(app.admin).post("/api/ee/serialization/import", Map.of("file", "x")).expect(400).text())
                    .contains("\"file\"");
        }

        @Test
        void an_upload_over_the_limit_is_refused_with_413_before_it_is_read() {
            byte[] huge = new byte[(int) dev.latchkey.web.Web.MAX_UPLOAD_BYTES + 1024];
            HttpResponse<String> r = Serdes.importArchive(java.net.http.HttpClient.newHttpClient(), app, app.admin, huge, "", Map.of());
            assertThat(r.statusCode()).isEqualTo(413);
        }

        @Test
        void without_credentials_it_is_401_and_for_a_member_403() {
            byte[] archive = new TarBuilder().file("d/settings.yaml", "site-name: Member was here\n").tgz();
            assertThat(Serdes.importArchive(app, ANONYMOUS, archive).statusCode()).isEqualTo(401);
            HttpResponse<String> member = Serdes.importArchive(app, app.member, archive);
            assertThat(member.statusCode()).isEqualTo(403);
            assertThat(member.body()).isEqualTo("You don't have permissions to do that.");
            assertThat(siteName()).isNotEqualTo("Member was here");
        }
    }

    /** Each hostile archive also carries a valid settings.yaml and collection: the database must take neither. */
    @Nested
    class HostileArchives {
        static final String SETTINGS = "site-name: Should not be imported\n";

        String refused(TarBuilder archive) {
            String before = siteName();
            Map<String, Object> content = ContentState.of(app).all();
            String log = Serdes.importRefused(app, app.admin, archive.tgz());
            assertThat(siteName()).isEqualTo(before);
            assertThat(ContentState.of(app).all()).isEqualTo(content);
            assertThat(log).endsWith(": nothing was changed.\n");
            return log;
        }

        TarBuilder valid() {
            String eid = Docs.eid();
            return new TarBuilder().file("latchkey_data/settings.yaml", SETTINGS)
                    .file("latchkey_data/collections/" + eid + "_c/" + eid + "_c.yaml", Docs.yaml(Docs.collection(eid, "Must not appear", null)));
        }

        @Test
        void an_entry_with_dot_dot_is_refused() {
            assertThat(refused(valid().file("latchkey_data/../../etc/evil.yaml", "x: 1"))).contains("ERROR latchkey_data/../../etc/evil.yaml: path escapes");
        }

        @Test
        void an_absolute_entry_is_refused() {
            assertThat(refused(valid().file("/tmp/evil.yaml", "x: 1"))).contains("ERROR /tmp/evil.yaml: absolute path");
        }

        @Test
        void a_symbolic_link_and_a_hard_link_are_refused() {
            assertThat(refused(valid().symlink("latchkey_data/collections", "/etc"))).contains("symbolic link");
            assertThat(refused(valid().hardlink("latchkey_data/x.yaml", "/etc/passwd"))).contains("hard link");
        }

        @Test
        void a_device_file_is_refused() {
            assertThat(refused(valid().device("latchkey_data/tty"))).contains("device file");
        }

        @Test
        void a_decompression_bomb_is_refused() {
            assertThat(refused(valid().zeros("latchkey_data/collections/zeros.yaml", 9L << 20)))
                    .contains("ERROR latchkey_data/collections/zeros.yaml: entry is 9437184 bytes, over the limit");
            TarBuilder many = valid();
            for (int i = 0; i < 5; i++) many.zeros("latchkey_data/z" + i, 7L << 20);
            assertThat(refused(many)).contains("ERROR archive: compression ratio over 200:1");
        }

        @Test
        void malformed_gzip_and_malformed_tar_are_refused() {
            String notGzip = Serdes.importRefused(app, app.admin, "not an archive".getBytes(StandardCharsets.UTF_8));
            assertThat(notGzip).contains("ERROR archive: not a valid .tar.gz archive");
            byte[] tgz = valid().file("latchkey_data/collections/x.yaml", "name: x\n".repeat(2000)).tgz();
            assertThat(Serdes.importRefused(app, app.admin, java.util.Arrays.copyOf(tgz, tgz.length - 40)))
                    .contains("ERROR archive: not a valid .tar.gz archive");
            assertThat(Serdes.importRefused(app, app.admin, TarBuilder.gzip("plain text in gzip".repeat(50).getBytes())))
                    .contains("ERROR archive: not a valid .tar.gz archive");
        }

        @Test
        void a_yaml_error_is_refused_naming_the_file_and_line() {
            assertThat(refused(valid().file("latchkey_data/collections/x/x.yaml", "name: [unclosed\n")))
                    .contains("ERROR collections/x/x.yaml: invalid YAML").contains("line 2");
        }

        @Test
        void a_yaml_alias_is_refused() {
            assertThat(refused(valid().file("latchkey_data/collections/x/x.yaml", "a: &x [1]\nb: *x\n")))
                    .contains("ERROR collections/x/x.yaml: invalid YAML: anchors and aliases");
        }

        @Test
        void an_archive_without_a_serialization_directory_is_refused() {
            assertThat(Serdes.importRefused(app, app.admin, new TarBuilder().file("notes/readme.txt", "hi").tgz()))
                    .contains("ERROR archive: no serialization directory found");
        }
    }
}
