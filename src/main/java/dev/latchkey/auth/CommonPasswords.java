package dev.latchkey.auth;

import java.util.Locale;
import java.util.Set;

/**
 * The most common passwords that pass the length and digit rules. Metabase ships zxcvbn's 12k-word list;
 * this short list covers the ones people actually type.
 */
final class CommonPasswords {
    private static final Set<String> WORDS = Set.of(
            "123456", "1234567", "12345678", "123456789", "1234567890", "password1", "password12", "password123",
            "abc123", "abcd1234", "qwerty1", "qwerty12", "qwerty123", "111111", "000000", "654321", "666666",
            "121212", "123123", "112233", "123321", "iloveyou1", "letmein1", "welcome1", "monkey1", "dragon1",
            "master1", "admin1", "admin123", "passw0rd", "p4ssw0rd", "1q2w3e4r", "1qaz2wsx", "zaq12wsx", "trustno1",
            "baseball1", "football1", "sunshine1", "princess1", "metabase1", "changeme1", "secret1", "test123");

    private CommonPasswords() {}

    static boolean contains(String password) { return WORDS.contains(password.toLowerCase(Locale.ROOT)); }
}
