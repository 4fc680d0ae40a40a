package dev.latchkey.robust;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.core.Json;
import dev.latchkey.web.Access;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One route as the hostile matrix sees it: how to fill its path parameters with real ids, a valid body to start
 * from, the body fields to corrupt one at a time (dotted for nested ones), and its query parameters.
 */
record Spec(String method, String path, Access access, BiFunction<Fixtures, Who, Map<String, String>> pathParams,
            Function<Fixtures, ObjectNode> body, List<String> fields, List<String> query, Set<String> rootAllowed,
            Function<Fixtures, List<ObjectNode>> extraBodies) {

    /** Who calls: nobody, Rasta (a member's session), Crowberto (an admin's session), an Administrators API key. */
    enum Who { ANONYMOUS, MEMBER, ADMIN, ADMIN_KEY }

    static Spec route(String method, String path, Access access) {
        return new Spec(method, path, access, (f, w) -> Map.of(), null, List.of(), List.of(), Set.of(), f -> List.of());
    }

    String key() { return method + " " + path; }

    /** True when the access filter lets this caller through to the handler. */
    boolean admits(Who who) {
        return switch (access) {
            case PUBLIC, KEY_CHECK -> true;
            case AUTHENTICATED -> who != Who.ANONYMOUS;
            case ADMIN -> who == Who.ADMIN || who == Who.ADMIN_KEY;
        };
    }

    Spec id(Function<Fixtures, Long> id) { return param("id", id); }

    Spec param(String name, Function<Fixtures, Long> id) {
        return params((f, w) -> Map.of(name, String.valueOf(id.apply(f))));
    }

    Spec params(BiFunction<Fixtures, Who, Map<String, String>> p) {
        return new Spec(method, path, access, p, body, fields, query, rootAllowed, extraBodies);
    }

    /** A valid body; every field it names is also corrupted one at a time, plus any listed in {@code more}. */
    Spec body(Function<Fixtures, ObjectNode> b, String... more) {
        List<String> all = new java.util.ArrayList<>(List.of(more));
        return new Spec(method, path, access, pathParams, b, all, query, rootAllowed, extraBodies);
    }

    Spec fields(String... names) {
        List<String> all = new java.util.ArrayList<>(fields);
        all.addAll(List.of(names));
        return new Spec(method, path, access, pathParams, body, all, query, rootAllowed, extraBodies);
    }

    Spec query(String... names) {
        return new Spec(method, path, access, pathParams, body, fields, List.of(names), rootAllowed, extraBodies);
    }

    Spec root(String param) {
        return new Spec(method, path, access, pathParams, body, fields, query, Set.of(param), extraBodies);
    }

    /** Bodies with hostile values deeper than one field (nested lists, unknown ids inside maps). */
    Spec extra(Function<Fixtures, List<ObjectNode>> e) {
        return new Spec(method, path, access, pathParams, body, fields, query, rootAllowed, e);
    }

    /** The path with its parameters filled in (values already URL-safe). */
    String fill(Map<String, String> values) {
        String p = path;
        for (Map.Entry<String, String> e : values.entrySet()) {
            p = p.replace("{" + e.getKey() + "}", e.getValue()).replace("<" + e.getKey() + ">", e.getValue());
        }
        if (p.contains("{")) throw new IllegalStateException(key() + " has a path parameter without a fixture");
        return p;
    }

    List<String> paramNames() {
        List<String> names = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path);
        while (m.find()) names.add(m.group(1));
        return names;
    }

    /** A JSON object from alternating keys and values. */
    static ObjectNode obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return Json.MAPPER.valueToTree(m);
    }
}
