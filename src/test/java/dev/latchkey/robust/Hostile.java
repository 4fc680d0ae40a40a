package dev.latchkey.robust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The hostile inputs: values for body fields, whole bodies, path ids and query values. */
final class Hostile {
    private Hostile() {}

    private static final JsonNodeFactory N = JsonNodeFactory.instance;
    static final String LONG_TEXT = "x".repeat(10_000);
    static final String STRANGE_TEXT = "😀 Ünïcødé ‮ 名前 \uD83D\uDC4D";

    /** Substituted for one field at a time; null means "remove the field". */
    static final List<JsonNode> VALUES = List.of(
            N.textNode("wrong"), N.textNode(" "), N.textNode(LONG_TEXT), N.textNode("a\u0000b"), N.textNode(STRANGE_TEXT),
            N.numberNode(-1), N.numberNode(99_999_999), N.numberNode(Long.MAX_VALUE),
            N.numberNode(new BigInteger("9223372036854775808")), N.numberNode(new BigDecimal("1e400")), N.numberNode(1.5),
            N.booleanNode(true), N.nullNode(), N.objectNode(), N.arrayNode().add(1).add("a"));

    /** Whole bodies that are not a usable JSON object, sent as application/json. */
    static final List<byte[]> BODIES = List.of(
            utf8("{\"name\": "), utf8("[{}]"), utf8("\"text\""), utf8("9223372036854775808"), utf8("1e400"), utf8("true"),
            utf8("null"), utf8(""), utf8("{\"a\":1}{\"b\":2}"), utf8("\u0000"), utf8("{\"name\":" + "[".repeat(3000) + "]".repeat(3000) + "}"),
            utf8("{\"name\":\"a\",\"name\":\"b\"}"), utf8("\uFEFF{}"),
            new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
            utf8("{'name': 'single quotes'}"), utf8("{\"name\": \"" + LONG_TEXT.repeat(10) + "\"}"));

    /** The few bodies sent as every other caller (the full list goes to the admin). */
    static final List<byte[]> SAMPLE_BODIES = List.of(utf8("{"), utf8("[]"), utf8("42"));

    /** Path-parameter values that are not, or may not be, the id of anything. */
    static final List<String> IDS = List.of("abc", "-1", "0", "1.5", "9223372036854775807", "9223372036854775808",
            "99999999", "%00", "%F0%9F%98%80", "%20", "root", "1%2F2", "%2e%2e");

    /** The few ids sent as every other caller. */
    static final List<String> SAMPLE_IDS = List.of("abc", "-1", "99999999");

    /** Query-parameter values, already URL-encoded. */
    static final List<String> QUERY_VALUES = List.of("-1", "abc", "1e9", "maybe", "", "9223372036854775807",
            "9223372036854775808", "nonsense", "%00", "%F0%9F%98%80", "a".repeat(6_000), "1,2",
            "eid:%00" + "a".repeat(20));

    /** Content types that are not JSON, with a body in that type. */
    static final Map<String, byte[]> OTHER_TYPES = Map.of(
            "text/plain", utf8("{\"name\":\"plain\"}"),
            "application/x-www-form-urlencoded", utf8("name=form&group_id=1&email=a%40b.c&password=x"),
            "multipart/form-data; boundary=XyZ", utf8("--XyZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nmp\r\n--XyZ--\r\n"),
            "multipart/form-data", utf8("garbage"),
            "application/xml", utf8("<name>x</name>"));

    static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }
}
