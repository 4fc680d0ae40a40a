package dev.latchkey.apikeys;

import dev.latchkey.core.Hashing;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.zip.CRC32;

/**
 * Latchkey's API-key format: {@code lk_<key id>_<secret><checksum>}, 67 characters from [A-Za-z0-9_].
 * <ul>
 *   <li>{@code lk_}: a fixed prefix so secret scanners can find leaked keys;</li>
 *   <li>key id: 14 characters [a-z0-9] (72 bits, random), public, unique, used for lookup and the masked form.
 *       Lower case only, so case-insensitive collations (MariaDB's default) compare it like the others do;</li>
 *   <li>secret: 43 characters [A-Za-z0-9] drawn uniformly from SecureRandom: 43 × log2(62) = 256.03 bits;</li>
 *   <li>checksum: CRC32 of everything before it, 6 base62 characters, so typos and random strings are
 *       rejected before any cache or database work.</li>
 * </ul>
 * Only the SHA-256 of the secret is stored. A random 256-bit secret cannot be guessed, so a slow hash would
 * add cost without adding security (NIST SP 800-63B §5.1.1.2 applies memorised-secret hashing to passwords).
 */
public final class ApiKeySecrets {
    public static final String PREFIX = "lk_";
    static final int KEY_ID_LENGTH = 14;
    static final int SECRET_LENGTH = 43;
    static final int CHECKSUM_LENGTH = 6;
    public static final int LENGTH = PREFIX.length() + KEY_ID_LENGTH + 1 + SECRET_LENGTH + CHECKSUM_LENGTH;
    /** The regex published in the README for secret scanners. */
    public static final String REGEX = "\\blk_[a-z0-9]{14}_[A-Za-z0-9]{49}\\b";

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final int SECRET_START = PREFIX.length() + KEY_ID_LENGTH + 1;
    private static final int CHECKSUM_START = SECRET_START + SECRET_LENGTH;

    private final SecureRandom random = new SecureRandom();

    /** A parsed, well-formed key: its public id and its secret part. Never logged (toString hides the secret). */
    public record Parsed(String keyId, String secret) {
        @Override public String toString() { return "ApiKey[" + keyId + "]"; }
    }

    /**
     * What the database keeps of a key: its public id and the SHA-256 (hex) of its secret. Written as one string,
     * {@code lk_<key id>:<64 hex digits>}, it is a config file's key_sha256: it names the key without being it.
     */
    public record Stored(String keyId, String secretHashHex) {
        private static final java.util.regex.Pattern DIGEST = java.util.regex.Pattern.compile("lk_([a-z0-9]{14}):([0-9a-f]{64})");

        /** The stored form of a plaintext key (either format); null when it is not a well-formed key. */
        public static Stored ofKey(String plaintext) {
            Parsed p = parse(plaintext);
            return p == null ? null : new Stored(p.keyId(), Hashing.sha256Hex(p.secret()));
        }

        /** Parses {@code lk_<key id>:<hex>}; null when malformed. */
        public static Stored ofDigest(String digest) {
            var m = digest == null ? null : DIGEST.matcher(digest);
            return m != null && m.matches() ? new Stored(m.group(1), m.group(2)) : null;
        }

        public String digest() { return PREFIX + keyId + ":" + secretHashHex; }
    }

    /** A freshly made key: the plaintext (shown once), its public id and the digest to store. */
    public record Generated(String plaintext, String keyId, String secretHashHex) {
        @Override public String toString() { return "ApiKey[" + keyId + "]"; }
    }

    public Generated generate() {
        String keyId = randomChars(BASE36, KEY_ID_LENGTH);
        String secret = randomChars(BASE62, SECRET_LENGTH);
        String body = PREFIX + keyId + "_" + secret;
        return new Generated(body + checksum(body), keyId, Hashing.sha256Hex(secret));
    }

    /**
     * The key's parts when it is well formed and its checksum matches; null for anything else. Allocation-light.
     * A Metabase-format key ({@code mb_...}, as a Metabase config file provisions it) parses too: see {@link #parseMetabase}.
     */
    public static Parsed parse(String key) {
        if (key != null && key.startsWith(METABASE_PREFIX)) return parseMetabase(key);
        if (key == null || key.length() != LENGTH || !key.startsWith(PREFIX) || key.charAt(SECRET_START - 1) != '_') return null;
        for (int i = PREFIX.length(); i < SECRET_START - 1; i++) {
            if (BASE36.indexOf(key.charAt(i)) < 0) return null;
        }
        for (int i = SECRET_START; i < LENGTH; i++) {
            if (!isBase62(key.charAt(i))) return null;
        }
        if (!key.regionMatches(CHECKSUM_START, checksum(key.substring(0, CHECKSUM_START)), 0, CHECKSUM_LENGTH)) return null;
        return new Parsed(key.substring(PREFIX.length(), SECRET_START - 1), key.substring(SECRET_START, CHECKSUM_START));
    }

    /** Metabase's key prefix; Metabase accepts 11 to 254 characters of "mb_" and base64 in a config file. */
    public static final String METABASE_PREFIX = "mb_";
    private static final java.util.regex.Pattern METABASE_KEY = java.util.regex.Pattern.compile("mb_[A-Za-z0-9+/=]{8,251}");
    private static final int METABASE_ID_HEX = 16;

    /**
     * A Metabase-format key has no public id inside it, so its id is derived: "mb_" and the first 16 hex digits of
     * the SHA-256 of the whole key (lower case, 19 characters, so it never equals a 14-character Latchkey id). The
     * secret is the whole key, so the stored digest is the SHA-256 of the whole key, like any other digest.
     */
    public static Parsed parseMetabase(String key) {
        if (key == null || !METABASE_KEY.matcher(key).matches()) return null;
        return new Parsed(METABASE_PREFIX + Hashing.sha256Hex(key).substring(0, METABASE_ID_HEX), key);
    }

    /** SHA-256 of the secret part; the only thing the database keeps. */
    public static byte[] digest(String secret) { return Hashing.sha256(secret); }

    /** The public part, recorded in audit details as key_prefix: {@code lk_<key id>} (a Metabase-format key's id as is). */
    public static String publicPrefix(String keyId) { return keyId.startsWith(METABASE_PREFIX) ? keyId : PREFIX + keyId; }

    /** Metabase's masked_key: the public part, then '*' up to the full key length. */
    public static String mask(String keyId) {
        if (keyId.startsWith(METABASE_PREFIX)) return keyId + "*".repeat(LENGTH - keyId.length());
        String visible = PREFIX + keyId + "_";
        return visible + "*".repeat(LENGTH - visible.length());
    }

    /** The 6-character base62 CRC32 checksum of everything before it (published in the README for scanners). */
    public static String checksum(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] out = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            out[i] = BASE62.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(out);
    }

    /** Uniform characters by rejection sampling: 6 random bits per try, values beyond the alphabet are dropped. */
    private String randomChars(String alphabet, int count) {
        StringBuilder sb = new StringBuilder(count);
        byte[] buf = new byte[count * 2];
        while (sb.length() < count) {
            random.nextBytes(buf);
            for (int i = 0; i < buf.length && sb.length() < count; i++) {
                int v = buf[i] & 0x3F;
                if (v < alphabet.length()) sb.append(alphabet.charAt(v));
            }
        }
        return sb.toString();
    }

    private static boolean isBase62(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
}
