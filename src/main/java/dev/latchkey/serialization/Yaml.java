package dev.latchkey.serialization;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * YAML in Metabase's serialization style: block style, no document marker, keys in the order the document
 * was built (the exporter builds each model's keys in a fixed order), multi-line text as literal blocks,
 * number-like strings quoted so they read back as strings. Reading is bounded (size, nesting, string length),
 * rejects duplicate keys, and never constructs Java types from tags: the result is a plain JSON tree.
 */
final class Yaml {
    private static final int MAX_DEPTH = 64;

    private static final YAMLMapper MAPPER = mapper();

    private Yaml() {}

    static byte[] write(JsonNode document) {
        try {
            return MAPPER.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write YAML", e); // a JSON tree always serialises
        }
    }

    /** The file's top-level map; a syntax error, another top-level type or a limit breach is a {@link Rejected}. */
    static ObjectNode read(String file, byte[] bytes) {
        JsonNode node;
        try (JsonParser parser = new NoAliases(MAPPER.createParser(bytes))) {
            node = MAPPER.readTree(parser);
        } catch (JsonProcessingException e) {
            throw new Rejected(file, "invalid YAML: " + problem(e));
        } catch (IOException | RuntimeException e) { // snakeyaml limit breaches surface as runtime exceptions
            throw new Rejected(file, "invalid YAML: " + oneLine(e.getMessage()));
        }
        if (node == null || node.isMissingNode() || node.isNull()) throw new Rejected(file, "the file is empty");
        if (!(node instanceof ObjectNode object)) throw new Rejected(file, "expected a map of keys at the top level");
        return object;
    }

    static String text(byte[] bytes) { return new String(bytes, StandardCharsets.UTF_8); }

    /** snakeyaml's own problem text and position when there is one; Jackson's message otherwise. */
    private static String problem(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
            return oneLine(m.getProblem()) + " (line " + (m.getProblemMark().getLine() + 1) + ", column "
                    + (m.getProblemMark().getColumn() + 1) + ")";
        }
        String where = e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        return oneLine(e.getOriginalMessage()) + where;
    }

    private static String oneLine(String s) { return s == null ? "unreadable" : s.replaceAll("\\s+", " ").trim(); }

    /**
     * Quotes times as Metabase does ('2024-03-04T09:12:44.501Z'): YAML 1.1 readers, Metabase's among them,
     * would otherwise turn an unquoted one into a timestamp object instead of a string.
     */
    private static final class QuoteTimes extends StringQuotingChecker.Default {
        private static final Pattern DATE = Pattern.compile("^\\d{4}-\\d{1,2}-\\d{1,2}");

        @Override
        public boolean needToQuoteValue(String value) {
            return super.needToQuoteValue(value) || DATE.matcher(value).lookingAt();
        }
    }

    /**
     * Jackson reads an alias as the anchor's name, silently changing the data; exports never contain
     * anchors or aliases, so a file with one is refused rather than misread.
     */
    private static final class NoAliases extends JsonParserDelegate {
        NoAliases(JsonParser parser) { super(parser); }

        @Override
        public JsonToken nextToken() throws IOException {
            JsonToken token = super.nextToken();
            if (delegate instanceof YAMLParser yaml && (yaml.isCurrentAlias() || yaml.getCurrentAnchor() != null)) {
                throw new JsonParseException(this, "anchors and aliases (&, *) are not supported");
            }
            return token;
        }
    }

    private static YAMLMapper mapper() {
        LoaderOptions loader = new LoaderOptions();
        loader.setAllowDuplicateKeys(false);
        loader.setMaxAliasesForCollections(0);
        loader.setAllowRecursiveKeys(false);
        loader.setNestingDepthLimit(MAX_DEPTH);
        loader.setCodePointLimit((int) Archive.Limits.DEFAULT.maxEntryBytes());
        YAMLFactory factory = YAMLFactory.builder()
                .loaderOptions(loader)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                        .maxStringLength((int) Archive.Limits.DEFAULT.maxEntryBytes()).build())
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                .disable(YAMLGenerator.Feature.SPLIT_LINES)
                .stringQuotingChecker(new QuoteTimes())
                .build();
        YAMLMapper mapper = new YAMLMapper(factory);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return mapper;
    }
}
