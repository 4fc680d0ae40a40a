package dev.latchkey.robust;

import dev.latchkey.content.Content;
import dev.latchkey.support.TestApp;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Serialization import with well-formed archives whose documents carry hostile values: every top-level field of
 * every exported document (collection, card, dashboard, settings) in turn. The archive-level attacks (links, bombs,
 * bad gzip) are the serialization tests' own; here the answer must be a 200 log or a 4xx, never a 5xx, and a
 * refused import must leave every table as it was.
 */
class HostileImportTest {
    private static final Pattern TOP_LEVEL = Pattern.compile("^([A-Za-z_/-]+):.*$");
    /** YAML texts: a long string, a NUL (YAML's \0 escape), a map, a list, an integer no column holds, null. */
    private static final List<String> VALUES = List.of("\"" + "x".repeat(10_000) + "\"", "\"a\\0b\"", "{a: 1}", "[1, 2]",
            "9223372036854775808", "~");

    static TestApp app;
    static DbState state;
    static Wire wire;
    static Map<String, byte[]> exported;

    @BeforeAll static void start() {
        app = TestApp.start();
        state = new DbState(app.app.database());
        wire = new Wire(app.api.base());
        Content content = new Content(app);
        long collection = content.collection("Import fixture", null);
        long card = content.card("Imported card", collection);
        long dashboard = content.dashboard("Imported dashboard", collection);
        app.api.as(app.admin).put("/api/dashboard/" + dashboard, Map.of("dashcards", List.of(RouteTable.dashcard(-1, card)))).expect(200);
        exported = untar(exportBytes(collection));
    }

    @AfterAll static void stop() { app.close(); }

    @Test
    void each_top_level_field_of_each_exported_document_set_to_a_hostile_value_is_imported_or_refused_and_a_refusal_writes_nothing() {
        List<String> problems = new ArrayList<>();
        int imports = 0, refused = 0;
        for (var doc : exported.entrySet()) {
            if (!doc.getKey().endsWith(".yaml")) continue;
            String text = new String(doc.getValue(), StandardCharsets.UTF_8);
            for (String key : topLevelKeys(text)) {
                for (String value : VALUES) {
                    Map<String, byte[]> files = new LinkedHashMap<>(exported);
                    files.put(doc.getKey(), replace(text, key, value).getBytes(StandardCharsets.UTF_8));
                    var before = state.snapshot();
                    Wire.Reply reply = importArchive(tgz(files));
                    imports++;
                    if (reply.refused()) refused++;
                    String what = doc.getKey() + " " + key + ": " + WireShape.cut(value);
                    String shape = WireShape.problem(reply);
                    if (shape != null) problems.add(what + " -> " + shape);
                    // The importer's catch-all for database errors: a value reached the database unchecked.
                    if (reply.body().contains("the database refused")) problems.add(what + " -> unchecked: " + WireShape.cut(reply.body()));
                    if (reply.refused() && !state.snapshot().equals(before)) problems.add(what + " -> refused but wrote");
                }
            }
        }
        assertThat(imports).as("imports sent").isGreaterThan(100);
        assertThat(refused).as("refused imports: the values do reach the checks").isBetween(imports / 4, imports - 1);
        assertThat(problems).as(problems.size() + " problems in " + imports + " imports").isEmpty();
    }

    private static List<String> topLevelKeys(String yaml) {
        List<String> keys = new ArrayList<>();
        for (String line : yaml.split("\n")) {
            Matcher m = TOP_LEVEL.matcher(line);
            if (m.matches()) keys.add(m.group(1));
        }
        return keys;
    }

    /** The document with one top-level key's value (and any block under it) replaced by the given YAML text. */
    static String replace(String yaml, String key, String value) {
        StringBuilder out = new StringBuilder();
        boolean skipping = false;
        for (String line : yaml.split("\n", -1)) {
            if (skipping && (line.startsWith(" ") || line.startsWith("-"))) continue;
            skipping = false;
            if (line.startsWith(key + ":")) {
                out.append(key).append(": ").append(value).append('\n');
                skipping = true;
            } else {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    private static byte[] exportBytes(long collection) {
        try {
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(app.api.base()
                    + "/api/ee/serialization/export?collection=" + collection + "&data_model=false"));
            app.api.as(app.admin).headers().forEach(request::header);
            return java.net.http.HttpClient.newHttpClient().send(request.POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Wire.Reply importArchive(byte[] archive) {
        String boundary = "hostile" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.tar.gz\"\r\n"
                + "Content-Type: application/gzip\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(archive);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return wire.send(new Wire.Request("POST", "/api/ee/serialization/import", app.api.as(app.admin).headers(),
                "multipart/form-data; boundary=" + boundary, body.toByteArray()));
    }

    private static Map<String, byte[]> untar(byte[] tgz) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(tgz)))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                if (e.isFile()) files.put(e.getName(), tar.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static byte[] tgz(Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (var f : files.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(f.getValue().length);
                tar.putArchiveEntry(e);
                tar.write(f.getValue());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
