package dev.latchkey.auth;

import dev.latchkey.core.AppError;
import org.springframework.security.crypto.bcrypt.BCrypt;

import java.util.Map;

/**
 * Password hashing (bcrypt, salted, cost 10 by default) and Metabase's complexity rule. A password is never
 * returned or logged; only its hash is stored.
 */
public final class Passwords {
    public static final String TOO_COMMON = "password is too common.";
    /** A hash of a random string, checked against when a user is unknown so timing does not tell. */
    private final String dummyHash;
    private final int cost;
    private final String complexity;

    public Passwords(int cost, String complexity) {
        this.cost = cost;
        this.complexity = complexity;
        this.dummyHash = BCrypt.hashpw(java.util.UUID.randomUUID().toString(), BCrypt.gensalt(cost));
    }

    public String hash(String password) { return BCrypt.hashpw(password, BCrypt.gensalt(cost)); }

    /** Constant-work check: when hash is null (unknown user) a dummy check still runs. */
    public boolean verify(String password, String hash) {
        if (password == null) return false;
        try {
            if (hash == null) {
                BCrypt.checkpw(password, dummyHash);
                return false;
            }
            return BCrypt.checkpw(password, hash);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The rule map published as the `password-complexity` session property. */
    public Map<String, Integer> rules() {
        return switch (complexity) {
            case "weak" -> Map.of("total", 6);
            case "strong" -> Map.of("total", 8, "lower", 2, "upper", 2, "digit", 1, "special", 1);
            default -> Map.of("total", 6, "digit", 1);
        };
    }

    /** Throws Metabase's single message for any failure: 400 {"errors": {field: "password is too common."}}. */
    public void checkComplexity(String field, String password) {
        if (!isValid(password)) throw AppError.invalid(field, TOO_COMMON, password == null ? null : "<redacted>");
    }

    boolean isValid(String password) {
        if (password == null || password.isEmpty()) return false;
        // bcrypt reads at most 72 bytes; a longer password would silently lose its tail.
        if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 72) return false;
        int lower = 0, upper = 0, digit = 0, special = 0;
        for (int i = 0; i < password.length(); i++) {
            char c = password.charAt(i);
            if (Character.isLowerCase(c)) lower++;
            else if (Character.isUpperCase(c)) upper++;
            else if (Character.isDigit(c)) digit++;
            else special++;
        }
        Map<String, Integer> r = rules();
        return password.length() >= r.get("total")
                && lower >= r.getOrDefault("lower", 0) && upper >= r.getOrDefault("upper", 0)
                && digit >= r.getOrDefault("digit", 0) && special >= r.getOrDefault("special", 0)
                && (complexity.equals("weak") || !CommonPasswords.contains(password));
    }
}
