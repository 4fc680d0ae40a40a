package dev.latchkey.apikeys;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.net.InetAddresses;
import dev.latchkey.core.AppError;
import dev.latchkey.core.Json;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An API key's restrictions, as stored (JSON text in api_key.restrictions) and as every key JSON carries them:
 * {@code {"read_only", "allowed_paths", "allowed_ips", "rate_limit": {"requests", "per_seconds"} | null}}. They only
 * narrow a key: the defaults (false, [], [], null) are Metabase's unrestricted key. Values are checked and put in a
 * canonical form when parsed ({@link #parse}); a bad one is a 400 naming the field, e.g. {@code restrictions.allowed_ips}.
 */
public record KeyRestrictions(boolean readOnly, List<String> allowedPaths, List<String> allowedIps, RateLimit rateLimit) {
    public static final KeyRestrictions NONE = new KeyRestrictions(false, List.of(), List.of(), null);
    static final int MAX_ENTRIES = 100;
    static final int MAX_PATH = 512;
    static final int MAX_REQUESTS = 1_000_000;
    static final int MAX_PER_SECONDS = 86_400;
    private static final Set<String> FIELDS = Set.of("read_only", "allowed_paths", "allowed_ips", "rate_limit");

    /** At most {@code requests} requests in every {@code perSeconds} window (the window starts at the first request). */
    public record RateLimit(int requests, int perSeconds) {}

    public KeyRestrictions {
        allowedPaths = List.copyOf(allowedPaths);
        allowedIps = List.copyOf(allowedIps);
    }

    @JsonIgnore
    public boolean isNone() { return equals(NONE); }

    /**
     * The restrictions a request body gives (the whole object replaces the key's; a field left out takes its default,
     * JSON null means none). Unknown fields are refused rather than ignored: a misspelt "allowed_path" must not leave
     * a key unrestricted.
     */
    public static KeyRestrictions parse(JsonNode node) {
        if (node == null || node.isNull()) return NONE;
        if (!node.isObject()) throw AppError.field("restrictions", "value must be a map with read_only, allowed_paths, allowed_ips and rate_limit.");
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) throw AppError.field("restrictions." + name, "unknown restriction; allowed: read_only, allowed_paths, allowed_ips, rate_limit.");
        }
        JsonNode readOnly = node.get("read_only");
        if (readOnly != null && !readOnly.isNull() && !readOnly.isBoolean()) throw AppError.field("restrictions.read_only", "value must be a boolean.");
        return new KeyRestrictions(readOnly != null && readOnly.asBoolean(), paths(node.get("allowed_paths")),
                ips(node.get("allowed_ips")), rateLimit(node.get("rate_limit")));
    }

    /** The stored form (null for no restrictions, so an unrestricted key's row is Metabase's). */
    String toJson() {
        if (isNone()) return null;
        try {
            return Json.MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the stored form; null or empty is no restrictions. */
    static KeyRestrictions fromJson(String json) {
        if (json == null || json.isBlank()) return NONE;
        return parse(Json.read(json));
    }

    /** A path as the allow-list compares it (no trailing slash, single slashes), or null if it cannot be compared. */
    static String normalizePath(String path) {
        if (path == null || !path.startsWith("/")) return null;
        String p = path;
        int query = p.indexOf('?');
        if (query >= 0) p = p.substring(0, query);
        if (p.indexOf('%') >= 0) {
            String lower = p.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00")) return null;
            try {
                p = java.net.URLDecoder.decode(p.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        if (p.indexOf('\\') >= 0) return null;
        if (p.contains("//")) p = p.replaceAll("/{2,}", "/");
        if (p.contains("/.")) for (String segment : p.split("/")) if (segment.equals(".") || segment.equals("..")) return null;
        while (p.length() > 1 && p.endsWith("/")) p = p.substring(0, p.length() - 1);
        return p;
    }

    private static List<String> paths(JsonNode node) {
        String field = "restrictions.allowed_paths";
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode item : list(node, field)) {
            String raw = item.isTextual() ? item.asText() : null;
            String p = raw == null || raw.length() > MAX_PATH || raw.indexOf('?') >= 0 || raw.indexOf('%') >= 0 ? null : normalizePath(raw);
            if (p == null || !(p + "/").startsWith("/api/") || p.equals("/api")) {
                throw AppError.field(field, "each path must be a string starting with /api/ (such as \"/api/card\"), without ., .., ? or %; got "
                        + item + ".");
            }
            out.add(p);
        }
        return List.copyOf(out);
    }

    private static List<String> ips(JsonNode node) {
        String field = "restrictions.allowed_ips";
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode item : list(node, field)) {
            Cidr cidr = item.isTextual() ? Cidr.parse(item.asText()) : null;
            if (cidr == null) throw AppError.field(field, "each entry must be an IPv4 or IPv6 address or CIDR block (such as \"10.0.0.0/8\"); got " + item + ".");
            out.add(cidr.toString());
        }
        return List.copyOf(out);
    }

    private static List<JsonNode> list(JsonNode node, String field) {
        List<JsonNode> out = new ArrayList<>();
        if (node == null || node.isNull()) return out;
        if (!node.isArray()) throw AppError.field(field, "value must be an array of strings.");
        if (node.size() > MAX_ENTRIES) throw AppError.field(field, "at most " + MAX_ENTRIES + " entries.");
        node.forEach(out::add);
        return out;
    }

    private static RateLimit rateLimit(JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (!node.isObject()) throw AppError.field("restrictions.rate_limit", "value must be null or a map {\"requests\": N, \"per_seconds\": S}.");
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("requests") && !name.equals("per_seconds")) {
                throw AppError.field("restrictions.rate_limit." + name, "unknown field; allowed: requests, per_seconds.");
            }
        }
        return new RateLimit(bounded(node.get("requests"), "restrictions.rate_limit.requests", MAX_REQUESTS),
                bounded(node.get("per_seconds"), "restrictions.rate_limit.per_seconds", MAX_PER_SECONDS));
    }

    private static int bounded(JsonNode n, String field, int max) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 1 || n.asInt() > max) {
            throw AppError.field(field, "value must be an integer from 1 to " + max + ".");
        }
        return n.asInt();
    }

    /** An address block: the network's bytes and how many leading bits must match. */
    record Cidr(byte[] network, int bits) {
        static Cidr parse(String text) {
            if (text == null || text.length() > 64) return null;
            int slash = text.indexOf('/');
            String addr = slash < 0 ? text.trim() : text.substring(0, slash).trim();
            byte[] bytes = literal(addr);
            if (bytes == null) return null;
            int bits = bytes.length * 8;
            if (slash >= 0) {
                String suffix = text.substring(slash + 1).trim();
                if (!suffix.matches("\\d{1,3}")) return null;
                bits = Integer.parseInt(suffix);
                if (bits > bytes.length * 8) return null;
            }
            byte[] network = bytes.clone();
            for (int i = 0; i < network.length; i++) {
                int keep = Math.max(0, Math.min(8, bits - i * 8));
                network[i] &= (byte) (0xFF << (8 - keep));
            }
            return new Cidr(network, bits);
        }

        /** An IP literal's bytes (4 or 16; IPv4-mapped IPv6 as 4), never a DNS lookup; null if not a literal. */
        static byte[] literal(String address) {
            if (address == null || address.isEmpty()) return null;
            try {
                return InetAddresses.forString(address).getAddress();
            } catch (IllegalArgumentException notALiteral) {
                return null;
            }
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) return false;
            int full = bits / 8;
            for (int i = 0; i < full; i++) if (address[i] != network[i]) return false;
            int rest = bits % 8;
            if (rest == 0) return true;
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (address[full] & mask) == (network[full] & 0xFF);
        }

        @Override public String toString() {
            try {
                String base = InetAddresses.toAddrString(InetAddress.getByAddress(network));
                return bits == network.length * 8 ? base : base + "/" + bits;
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }

}
