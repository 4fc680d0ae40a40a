package dev.latchkey.serialization;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.content.JsonValues;
import dev.latchkey.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API and the import agree: what the API saves can be exported and imported again (nesting and size are
 * refused at the API beyond what an import reads), and with continue_on_error a file over the import's size limit
 * is skipped and logged instead of refusing the whole archive.
 */
class PortableLimitsTest {
    static TestApp app;

    @BeforeAll static void start() { app = TestApp.start(); }

    @AfterAll static void stop() { app.close(); }

    static ObjectNode nested(int levels) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode at = root;
        for (int i = 1; i < levels; i++) at = at.putObject("n");
        at.put("leaf", true);
        return root;
    }

    static Map<String, Object> card(String name, Object viz) {
        return Map.of("name", name, "display", "table", "visualization_settings", viz,
                "dataset_query", Map.of("database", 1, "type", "native", "native", Map.of("query", "select 1")));
    }

    @Test
    void values_nested_deeper_or_larger_than_an_import_reads_are_refused_by_the_api() {
        int deepest = JsonValues.MAX_DEPTH - 1;
        app.api.as(app.admin).post("/api/card", card("deep enough", nested(deepest))).expect(200);
        var refused = app.api.as(app.admin).post("/api/card", card("too deep", nested(deepest + 1))).expect(400).json();
        assertThat(refused.get("errors").get("visualization_settings").asText()).contains("nested at most");
        app.api.as(app.admin).post("/api/card", card("nested 990", nested(990))).expect(400);
        String big = "x".repeat((int) JsonValues.MAX_PORTABLE_BYTES);
        app.api.as(app.admin).post("/api/card", card("too large", Map.of("text", big))).expect(400);
        long dashboard = app.api.as(app.admin).post("/api/dashboard", Map.of("name", "deep")).expect(200).json().get("id").asLong();
        app.api.as(app.admin).put("/api/dashboard/" + dashboard, Map.of("dashcards", List.of(Map.of("id", -1, "row", 0, "col", 0,
                "size_x", 4, "size_y", 4, "visualization_settings", nested(deepest))))).expect(400);
    }

    @Test
    void the_deepest_card_and_dashcard_the_api_accepts_export_and_import_again() {
        int deepest = JsonValues.MAX_DEPTH - 1;
        long deep = app.api.as(app.admin).post("/api/card", card("deepest", nested(deepest))).expect(200).json().get("id").asLong();
        long dashboard = app.api.as(app.admin).post("/api/dashboard", Map.of("name", "deep dashcard")).expect(200).json().get("id").asLong();
        app.api.as(app.admin).put("/api/dashboard/" + dashboard, Map.of("dashcards", List.of(Map.of("id", -1, "card_id", deep,
                "row", 0, "col", 0, "size_x", 4, "size_y", 4, "visualization_settings", nested(deepest - 3))))).expect(200);
        byte[] export = Serdes.exportOk(app, app.admin, "");
        String log = Serdes.importOk(app, app.admin, export);
        assertThat(log).doesNotContain("ERROR");
    }

    /**
     * The size check at the API is an upper bound on the exported YAML, for the shapes that make YAML grow most:
     * deep indentation, many tiny scalars, multi-line and escaped strings, non-ASCII text, number-like strings.
     * So a body the API accepts (bound at most 7 MB) gives a file under the import's 8 MB.
     */
    @Test
    void the_api_size_bound_is_never_below_the_exported_yaml() {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        ObjectNode deep = doc.putObject("visualization_settings");
        for (int i = 0; i < JsonValues.MAX_DEPTH - 3; i++) deep = deep.putObject("k" + i);
        var tiny = deep.putArray("tiny");
        for (int i = 0; i < 2_000; i++) tiny.add(i % 10);
        deep.put("multi", "line\n".repeat(500));
        deep.put("escaped", "\u0001\u0007\u001b\t\u2028\ufeff\u0085".repeat(200));
        deep.put("unicode", "日本語 😀 é".repeat(300));
        deep.put("numberish", "0012");
        deep.put("true", "yes");
        deep.put("", "");
        deep.putObject("empty");
        deep.putArray("none");
        var list = doc.putArray("parameters");
        for (int i = 0; i < 300; i++) list.addObject().put("id", "p" + i).put("type", "category").putNull("default");
        doc.put("name", "quote's \"and\" colon: # hash");
        assertThat((long) Yaml.write(doc).length).isLessThanOrEqualTo(JsonValues.exportBound(doc));
    }

    @Test
    void continue_on_error_skips_a_file_over_the_size_limit_and_imports_the_rest() {
        app.api.as(app.admin).post("/api/collection", Map.of("name", "Kept", "color", "#509EE3")).expect(200);
        Map<String, byte[]> files = Archive.read(new ByteArrayInputStream(Serdes.exportOk(app, app.admin, "")), Archive.Limits.DEFAULT);
        TarBuilder tar = new TarBuilder();
        files.forEach(tar::file);
        String dir = files.keySet().iterator().next().split("/")[0];
        byte[] huge = new byte[9 << 20];
        Random random = new Random(9);
        for (int i = 0; i < huge.length; i++) huge[i] = (byte) ('a' + random.nextInt(26)); // compresses about 1.6:1, not a bomb
        tar.file(dir + "/collections/cards/huge_card.yaml", huge);
        byte[] archive = tar.tgz();
        assertThat(Serdes.importRefused(app, app.admin, archive)).contains("huge_card.yaml: entry is " + huge.length + " bytes, over the limit");
        HttpResponse<String> skipped = Serdes.importArchive(app, app.admin, archive, "continue_on_error=true", Map.of());
        assertThat(skipped.statusCode()).as(skipped.body()).isEqualTo(200);
        assertThat(skipped.body()).contains("ERROR " + dir + "/collections/cards/huge_card.yaml: entry is");
    }
}
