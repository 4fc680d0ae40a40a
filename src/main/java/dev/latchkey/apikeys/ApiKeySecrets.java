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

    /** The key's parts when it is well formed and its checksum matches; null for anything else. Allocation-light. */
    public static Parsed parse(String key) {
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

    /** SHA-256 of the secret part; the only thing the database keeps. */
    public static byte[] digest(String secret) { return Hashing.sha256(secret); }

    /** The public part, recorded in audit details as key_prefix: {@code lk_<key id>}. */
    public static String publicPrefix(String keyId) { return PREFIX + keyId; }

    /** Metabase's masked_key: the public part, then '*' up to the full key length. */
    public static String mask(String keyId) {
        String visible = PREFIX + keyId + "_";
        return visible + "*".repeat(LENGTH - visible.length());
    }

    static String checksum(String body) {
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
