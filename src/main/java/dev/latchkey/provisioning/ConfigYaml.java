package dev.latchkey.provisioning;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The config file as YAML nodes that remember their line, so every complaint can name the line and the field.
 * Only composes nodes (never constructs Java objects from tags); bounded in size and aliases; duplicate keys refused.
 * Values may use Metabase's {@code {{env NAME}}} template, expanded per scalar after parsing, so an environment
 * value can never change the file's structure.
 */
final class ConfigYaml {
    private static final Pattern ENV = Pattern.compile("\\{\\{\\s*env\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*}}");
    private static final int MAX_CODE_POINTS = 1 << 20;

    private final Map<String, String> env;

    ConfigYaml(Map<String, String> env) { this.env = env; }

    /** A node and where it is: its dotted path in the file (config.api-keys[0].key) and its 1-based line. */
    record At(Node node, String field) {
        int line() { return node.getStartMark().getLine() + 1; }

        Invalid invalid(String message) { return new Invalid(line(), field, message); }
    }

    At parse(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setNestingDepthLimit(20);
        try {
            Node root = new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
            if (root == null) throw new Invalid(1, "(file)", "the file is empty");
            return new At(root, "");
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 1;
            throw new Invalid(line, "(file)", "invalid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new Invalid(1, "(file)", "invalid YAML: " + e.getMessage());
        }
    }

    /** The entries of a map, in file order; an error when the node is not a map. */
    static Map<String, At> map(At at) {
        if (!(at.node() instanceof MappingNode m)) throw at.invalid("expected a map");
        Map<String, At> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) throw new At(t.getKeyNode(), at.field()).invalid("keys must be plain names");
            String path = at.field().isEmpty() ? k.getValue() : at.field() + "." + k.getValue();
            out.put(k.getValue(), new At(t.getValueNode(), path));
        }
        return out;
    }

    /** The items of a list (null or absent means none); an error when the node is not a list. */
    static List<At> list(At at) {
        if (at == null || isNull(at)) return List.of();
        if (!(at.node() instanceof SequenceNode s)) throw at.invalid("expected a list");
        List<Node> items = s.getValue();
        return java.util.stream.IntStream.range(0, items.size())
                .mapToObj(i -> new At(items.get(i), at.field() + "[" + i + "]")).toList();
    }

    static boolean isNull(At at) { return at.node() instanceof ScalarNode s && s.getTag().equals(Tag.NULL); }

    /** A scalar as text with {@code {{env NAME}}} expanded; null for YAML null. Lists and maps are errors. */
    String text(At at) {
        if (!(at.node() instanceof ScalarNode s)) throw at.invalid("expected a single value, not a list or map");
        if (s.getTag().equals(Tag.NULL)) return null;
        Matcher m = ENV.matcher(s.getValue());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.get(m.group(1));
            if (value == null) throw at.invalid("the environment variable " + m.group(1) + " is not set");
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A required non-blank string. */
    String required(Map<String, At> entry, String key, At parent) {
        At at = entry.get(key);
        if (at == null) throw parent.invalid("missing " + key);
        String value = text(at);
        if (value == null || value.isBlank()) throw at.invalid("must be a non-blank string");
        if (value.indexOf('\0') >= 0) throw at.invalid("must not contain NUL characters");
        return value;
    }

    /** An optional string; null when absent or null. */
    String optional(Map<String, At> entry, String key) {
        At at = entry.get(key);
        String value = at == null ? null : text(at);
        if (value != null && value.indexOf('\0') >= 0) throw at.invalid("must not contain NUL characters");
        return value;
    }

    boolean bool(Map<String, At> entry, String key) {
        At at = entry.get(key);
        String value = at == null ? null : text(at);
        if (value == null) return false;
        if (value.equals("true")) return true;
        if (value.equals("false")) return false;
        throw at.invalid("must be true or false");
    }

    /** Refuses keys this section does not know, so a typo (kye:) is not silently ignored. */
    static void only(Map<String, At> entry, At parent, String... known) {
        List<String> allowed = List.of(known);
        for (Map.Entry<String, At> e : entry.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw e.getValue().invalid("unknown field " + e.getKey() + " (known: " + String.join(", ", allowed) + ")");
            }
        }
    }
}
