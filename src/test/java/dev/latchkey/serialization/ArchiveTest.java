package dev.latchkey.serialization;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pure logic of the archive container: hostile input is refused with a message naming the entry. */
class ArchiveTest {
    static final Archive.Limits SMALL = new Archive.Limits(1 << 20, 4 << 20, 50, 1 << 20, 100, 64 << 10);

    static Map<String, byte[]> read(byte[] tgz) { return read(tgz, SMALL); }

    static Map<String, byte[]> read(byte[] tgz, Archive.Limits limits) {
        return Archive.read(new ByteArrayInputStream(tgz), limits);
    }

    static String refusal(byte[] tgz) { return refusal(tgz, SMALL); }

    static String refusal(byte[] tgz, Archive.Limits limits) {
        try {
            read(tgz, limits);
        } catch (Rejected r) {
            return r.line();
        }
        throw new AssertionError("the archive was accepted");
    }

    @Nested
    class Reading {
        @Test
        void plain_files_are_read_and_dot_slash_prefixes_are_dropped() {
            byte[] tgz = new TarBuilder().file("./export/settings.yaml", "site-name: x\n").file("export/a//b.yaml", "k: v\n").tgz();
            Map<String, byte[]> files = read(tgz);
            assertThat(files).containsOnlyKeys("export/settings.yaml", "export/a/b.yaml");
            assertThat(new String(files.get("export/settings.yaml"), StandardCharsets.UTF_8)).isEqualTo("site-name: x\n");
        }

        @Test
        void names_that_climb_out_of_the_directory_are_refused() {
            assertThat(refusal(new TarBuilder().file("../evil.yaml", "x: 1").tgz())).contains("../evil.yaml").contains("escapes");
            assertThat(refusal(new TarBuilder().file("export/a/../../../evil.yaml", "x: 1").tgz())).contains("escapes");
        }

        @Test
        void absolute_paths_drive_letters_and_backslashes_are_refused() {
            assertThat(refusal(new TarBuilder().file("/etc/cron.d/evil", "x").tgz())).startsWith("/etc/cron.d/evil: absolute path");
            assertThat(refusal(new TarBuilder().file("C:/Windows/evil", "x").tgz())).contains("absolute path");
            assertThat(refusal(new TarBuilder().file("export\\..\\evil", "x").tgz())).contains("backslash");
        }

        @Test
        void links_devices_and_pipes_are_refused() {
            assertThat(refusal(new TarBuilder().symlink("export/settings.yaml", "/etc/passwd").tgz()))
                    .isEqualTo("export/settings.yaml: entry is a symbolic link; only plain files and directories are accepted");
            assertThat(refusal(new TarBuilder().file("export/a", "x").hardlink("export/b", "export/a").tgz())).contains("hard link");
            assertThat(refusal(new TarBuilder().device("export/dev").tgz())).contains("device file");
            assertThat(refusal(new TarBuilder().fifo("export/pipe").tgz())).contains("named pipe");
        }

        @Test
        void the_same_path_twice_is_refused() {
            assertThat(refusal(new TarBuilder().file("export/a.yaml", "x: 1").file("./export/a.yaml", "x: 2").tgz()))
                    .contains("more than once");
        }

        @Test
        void bytes_that_are_not_gzip_are_refused() {
            assertThat(refusal("just some text, not an archive".getBytes(StandardCharsets.UTF_8)))
                    .startsWith("archive: not a valid .tar.gz archive");
            assertThat(refusal(new byte[0])).startsWith("archive: not a valid .tar.gz archive");
        }

        @Test
        void gzip_that_holds_no_tar_is_refused() {
            byte[] notTar = TarBuilder.gzip("hello ".repeat(200).getBytes(StandardCharsets.UTF_8));
            assertThat(refusal(notTar)).startsWith("archive: not a valid .tar.gz archive");
        }

        @Test
        void a_truncated_archive_is_refused() {
            byte[] tgz = new TarBuilder().file("export/settings.yaml", "site-name: x\n".repeat(500)).tgz();
            assertThat(refusal(Arrays.copyOf(tgz, tgz.length / 2))).startsWith("archive: not a valid .tar.gz archive");
        }

        @Test
        void an_entry_over_the_size_limit_is_refused() {
            byte[] tgz = new TarBuilder().file("export/big.yaml", new byte[(1 << 20) + 1]).tgz();
            assertThat(refusal(tgz, new Archive.Limits(1 << 20, 8 << 20, 50, 1 << 20, 100_000, 64 << 10)))
                    .startsWith("export/big.yaml: entry is 1048577 bytes, over the limit");
        }

        @Test
        void a_decompression_bomb_stops_at_the_ratio_limit() {
            byte[] bomb = new TarBuilder().zeros("export/zeros.yaml", 3 << 20).tgz();
            assertThat(bomb.length).isLessThan(10_000);
            assertThat(refusal(bomb, new Archive.Limits(1 << 20, 1L << 30, 50, 1L << 30, 100, 64 << 10)))
                    .startsWith("archive: compression ratio over 100:1");
        }

        @Test
        void total_uncompressed_size_is_bounded() {
            TarBuilder b = new TarBuilder();
            for (int i = 0; i < 6; i++) b.file("export/f" + i, randomBytes(900_000, i));
            assertThat(refusal(b.tgz(), new Archive.Limits(8 << 20, 4 << 20, 50, 1 << 20, 100, 64 << 10)))
                    .startsWith("archive: uncompressed content is over the limit of 4194304 bytes");
        }

        @Test
        void entry_count_is_bounded() {
            TarBuilder b = new TarBuilder();
            for (int i = 0; i < 51; i++) b.file("export/f" + i, "x: 1");
            assertThat(refusal(b.tgz())).isEqualTo("archive: more than 50 entries");
        }

        @Test
        void the_upload_itself_is_bounded() {
            byte[] tgz = new TarBuilder().file("export/r", randomBytes(300_000, 7)).tgz();
            assertThat(refusal(tgz, new Archive.Limits(100_000, 8 << 20, 50, 1 << 20, 100, 64 << 10)))
                    .isEqualTo("archive: upload is over the limit of 100000 bytes");
        }
    }

    @Nested
    class Writing {
        static final Map<String, byte[]> FILES = new TreeMap<>(Map.of(
                "settings.yaml", bytes("site-name: Latchkey\n"),
                "collections/" + "a".repeat(21) + "_" + "long_name_".repeat(12) + "/cards/" + "b".repeat(21) + "_ünïcode_名前.yaml", bytes("name: x\n"),
                "export.log", bytes("done\n")));

        @Test
        void the_same_files_give_byte_identical_archives() throws Exception {
            byte[] first = write("latchkey_data", FILES);
            Thread.sleep(1100); // a clock-dependent header would differ after a second
            assertThat(write("latchkey_data", new TreeMap<>(FILES))).isEqualTo(first);
        }

        @Test
        void a_written_archive_reads_back_under_its_directory_with_directories_and_long_unicode_names() {
            Map<String, byte[]> back = read(write("latchkey_data", FILES), Archive.Limits.DEFAULT);
            assertThat(back.keySet()).containsExactlyInAnyOrderElementsOf(FILES.keySet().stream().map(k -> "latchkey_data/" + k).toList());
            Bundle bundle = Bundle.fromArchive(back);
            assertThat(bundle.files().keySet()).isEqualTo(FILES.keySet());
        }
    }

    @Nested
    class FindingTheDirectory {
        @Test
        void files_at_the_top_level_are_the_serialization_directory() {
            assertThat(Bundle.fromArchive(Map.of("settings.yaml", bytes("x: 1"))).files()).containsOnlyKeys("settings.yaml");
        }

        @Test
        void one_top_level_directory_is_unwrapped_and_strays_beside_it_are_ignored() {
            Bundle b = Bundle.fromArchive(Map.of("d/collections/x.yaml", bytes("x: 1"), "._d", bytes("mac"), "d/README.md", bytes("r")));
            assertThat(b.files()).containsOnlyKeys("collections/x.yaml", "README.md");
        }

        @Test
        void no_or_two_serialization_directories_are_refused() {
            assertThatThrownBy(() -> Bundle.fromArchive(Map.of("d/notes.txt", bytes("x")))).hasMessageContaining("no serialization directory");
            assertThatThrownBy(() -> Bundle.fromArchive(Map.of("a/settings.yaml", bytes("x"), "b/settings.yaml", bytes("y"))))
                    .hasMessageContaining("more than one serialization directory: a, b");
        }
    }

    static byte[] write(String dirname, Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Archive.write(dirname, files, out);
        return out.toByteArray();
    }

    static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }
}
