package dev.latchkey.content;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Metabase's entity_id: a 21-character NanoID over the URL-safe 64-symbol alphabet. It is generated once
 * when a row is created and never changes, so exports and imports can match content across instances.
 */
public final class EntityIds {
    private static final char[] ALPHABET = "_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();
    private static final Pattern FORMAT = Pattern.compile("^[A-Za-z0-9_-]{21}$");
    private static final SecureRandom RANDOM = new SecureRandom();
    public static final int LENGTH = 21;

    private EntityIds() {}

    /** A new random entity id (126 bits of randomness). */
    public static String generate() {
        byte[] bytes = new byte[LENGTH];
        RANDOM.nextBytes(bytes);
        char[] out = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) out[i] = ALPHABET[bytes[i] & 63];
        return new String(out);
    }

    /** True for a well-formed NanoID entity id. */
    public static boolean isValid(String value) { return value != null && FORMAT.matcher(value).matches(); }
}
