package dev.latchkey.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.latchkey.support.TestApp;
import dev.latchkey.support.TestDatabase;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Export and import of 10,000 entities through the real HTTP endpoints, on the database LATCHKEY_TEST_DB
 * selects: 100 collections (20 top-level, 4 children each), 7,900 questions and 2,000 dashboards with 2 tabs
 * and 4 dashcards each. Per run, on a fresh instance: import of the archive (every entity created), export of
 * everything, import of the same archive again (every entity updated), and a second export, which must be
 * byte-identical to the first. Not a unit test: run it with bench/serialization.sh.
 */
public final class SerializationBench {
    static final int COLLECTIONS_TOP = 20;
    static final int CHILDREN = 4;
    static final int CARDS = 7_900;
    static final int DASHBOARDS = 2_000;
    static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final YAMLMapper YAML = new YAMLMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        byte[] archive = archive();
        System.out.printf("database=%s entities=%d archive=%d bytes (gzip)%n", TestDatabase.KIND,
                COLLECTIONS_TOP * (1 + CHILDREN) + CARDS + DASHBOARDS, archive.length);
        for (int run = 1; run <= runs; run++) {
            try (TestApp app = TestApp.start()) {
                String key = app.api.as(app.admin).post("/api/api-key", Map.of("name", "bench", "group_id", 2))
                        .expect(200).json().get("unmasked_key").asText();
                long t0 = System.nanoTime();
                String log1 = importArchive(app, key, archive);
                long t1 = System.nanoTime();
                byte[] export1 = export(app, key);
                long t2 = System.nanoTime();
                String log2 = importArchive(app, key, archive);
                long t3 = System.nanoTime();
                byte[] export2 = export(app, key);
                long t4 = System.nanoTime();
                System.out.printf("run %d: import (create) %,d ms | export %,d ms (%,d bytes) | re-import (update) %,d ms | "
                                + "export again %,d ms, identical=%s%n", run, ms(t1 - t0), ms(t2 - t1), export1.length,
                        ms(t3 - t2), ms(t4 - t3), Arrays.equals(export1, export2));
                System.out.println("  " + last(log1) + " / " + last(log2));
            }
        }
    }

    static long ms(long nanos) { return nanos / 1_000_000; }

    static String last(String log) {
        String[] lines = log.strip().split("\n");
        return lines[lines.length - 1];
    }

    static String importArchive(TestApp app, String key, byte[] archive) throws Exception {
        String boundary = "----bench";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bench.tgz\"\r\n"
                + "Content-Type: application/gzip\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(archive);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(app.api.base() + "/api/ee/serialization/import"))
                .timeout(Duration.ofMinutes(30)).header("x-api-key", key)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException("import answered " + r.statusCode() + ":\n" + r.body());
        return r.body();
    }

    static byte[] export(TestApp app, String key) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(app.api.base()
                        + "/api/ee/serialization/export?dirname=bench")).timeout(Duration.ofMinutes(30)).header("x-api-key", key)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) throw new IllegalStateException("export answered " + r.statusCode());
        return r.body();
    }

    /** The synthetic export: deterministic entity ids and content, Metabase's layout. */
    public static byte[] archive() throws IOException {
        Random random = new Random(42);
        List<String[]> files = new ArrayList<>();
        List<String> collectionIds = new ArrayList<>();
        List<String> collectionPaths = new ArrayList<>();
        for (int t = 0; t < COLLECTIONS_TOP; t++) {
            String top = eid(random);
            String topPath = "collections/" + top + "_area_" + t;
            collectionIds.add(top);
            collectionPaths.add(topPath);
            files.add(new String[]{topPath + "/" + top + "_area_" + t + ".yaml", yaml(collection(top, "Area " + t, null))});
            for (int c = 0; c < CHILDREN; c++) {
                String child = eid(random);
                String childPath = topPath + "/" + child + "_team_" + t + "_" + c;
                collectionIds.add(child);
                collectionPaths.add(childPath);
                files.add(new String[]{childPath + "/" + child + "_team_" + t + "_" + c + ".yaml",
                        yaml(collection(child, "Team " + t + "." + c, top))});
            }
        }
        List<String> cardIds = new ArrayList<>();
        for (int i = 0; i < CARDS; i++) {
            int where = i % collectionIds.size();
            String id = eid(random);
            cardIds.add(id);
            files.add(new String[]{collectionPaths.get(where) + "/cards/" + id + "_question_" + i + ".yaml",
                    yaml(card(id, "Question " + i, collectionIds.get(where)))});
        }
        for (int i = 0; i < DASHBOARDS; i++) {
            int where = i % collectionIds.size();
            String id = eid(random);
            files.add(new String[]{collectionPaths.get(where) + "/dashboards/" + id + "_dashboard_" + i + ".yaml",
                    yaml(dashboard(id, "Dashboard " + i, collectionIds.get(where), random, cardIds, i))});
        }
        return tgz("bench", files);
    }

    static ObjectNode collection(String id, String name, String parent) {
        ObjectNode n = F.objectNode();
        n.put("name", name).put("description", "Collection " + name).put("entity_id", id).put("created_at", "2024-03-04T09:12:44.501Z")
                .put("archived", false).put("parent_id", parent);
        meta(n, id, "Collection");
        return n;
    }

    static ObjectNode card(String id, String name, String collection) {
        ObjectNode n = F.objectNode();
        n.put("name", name).putNull("description").put("entity_id", id).put("created_at", "2024-03-04T09:20:02.118Z")
                .put("creator_id", TestApp.ADMIN_EMAIL).put("display", "table").put("archived", false)
                .put("collection_id", collection).put("type", "question");
        n.putArray("parameters");
        n.putArray("parameter_mappings");
        ObjectNode query = n.putObject("dataset_query");
        query.put("database", 1).put("type", "native").putObject("native").put("query", "SELECT count(*) FROM orders -- " + name);
        n.putObject("visualization_settings").put("table.pivot", false);
        meta(n, id, "Card");
        return n;
    }

    static ObjectNode dashboard(String id, String name, String collection, Random random, List<String> cards, int i) {
        ObjectNode n = F.objectNode();
        n.put("name", name).putNull("description").put("entity_id", id).put("created_at", "2024-03-04T09:31:57.640Z")
                .put("creator_id", TestApp.ADMIN_EMAIL).put("archived", false).put("collection_id", collection)
                .put("width", "fixed");
        n.putArray("parameters");
        ArrayNode tabs = n.putArray("tabs");
        String[] tabIds = {eid(random), eid(random)};
        for (int t = 0; t < 2; t++) tabs.addObject().put("entity_id", tabIds[t]).put("name", "Tab " + t).put("position", t);
        ArrayNode dashcards = n.putArray("dashcards");
        for (int d = 0; d < 4; d++) {
            ObjectNode dc = dashcards.addObject();
            dc.put("entity_id", eid(random)).put("card_id", cards.get((i * 4 + d) % cards.size()));
            dc.putArray("dashboard_tab_id").add(id).add(tabIds[d % 2]);
            dc.put("row", d / 2 * 6).put("col", d % 2 * 12).put("size_x", 12).put("size_y", 6);
            dc.putArray("series");
            dc.putArray("parameter_mappings");
            dc.putObject("visualization_settings");
        }
        meta(n, id, "Dashboard");
        return n;
    }

    static void meta(ObjectNode n, String id, String model) {
        n.putArray("serdes/meta").addObject().put("id", id).put("model", model);
    }

    static String eid(Random random) {
        String alphabet = "_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 21; i++) s.append(alphabet.charAt(random.nextInt(64)));
        return s.toString();
    }

    static String yaml(ObjectNode n) throws IOException { return YAML.writeValueAsString(n); }

    static byte[] tgz(String dir, List<String[]> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (String[] f : files) {
                byte[] bytes = f[1].getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(dir + "/" + f[0]);
                e.setSize(bytes.length);
                tar.putArchiveEntry(e);
                tar.write(bytes);
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }
}
