package dev.latchkey.settings;

import dev.latchkey.settings.SettingDefinition.Invalid;

import java.net.URI;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/** The checks behind the definitions: each takes the text of a new value and returns it normalised, or throws. */
public final class SettingRules {
    private static final Set<String> LANGUAGES = Set.of(Locale.getISOLanguages());
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private SettingRules() {}

    /** Any non-blank text of at most `max` characters, without NUL (PostgreSQL refuses it). */
    public static UnaryOperator<String> text(String key, int max) {
        return v -> {
            if (v.isBlank() || v.length() > max || v.indexOf('\0') >= 0) {
                throw new Invalid(key + " must be a non-blank string of at most " + max + " characters.");
            }
            return v;
        };
    }

    public static UnaryOperator<String> bool(String key) {
        return v -> switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> "true";
            case "false" -> "false";
            default -> throw new Invalid(key + " must be true or false.");
        };
    }

    /** A whole number between min and max. */
    public static UnaryOperator<String> integer(String key, long min, long max) {
        return v -> {
            try {
                long n = Long.parseLong(v.trim());
                if (n >= min && n <= max) return Long.toString(n);
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new Invalid(key + " must be a whole number between " + min + " and " + max + ".");
        };
    }

    /** One of a few lower-case words. */
    public static UnaryOperator<String> oneOf(String key, String... allowed) {
        List<String> words = Arrays.asList(allowed);
        return v -> {
            String w = v.trim().toLowerCase(Locale.ROOT);
            if (!words.contains(w)) throw new Invalid(key + " must be one of " + String.join(", ", words) + ".");
            return w;
        };
    }

    /** Metabase's site-url rule: http(s) only, "http://" added when no scheme is given, no trailing slash. */
    public static String siteUrl(String v) {
        String url = v.trim();
        if (!url.matches("(?i)^[a-z][a-z0-9+.-]*://.*")) url = "http://" + url;
        url = url.replaceAll("/+$", "");
        try {
            URI u = new URI(url);
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null && u.getRawQuery() == null
                    && u.getRawFragment() == null && u.getRawUserInfo() == null) {
                return url;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new Invalid("Invalid site URL: " + v);
    }

    /** A language (and country) code written as Metabase writes locales: "en", "pt_BR". */
    public static String locale(String v) {
        String[] parts = v.trim().replace('-', '_').split("_", -1);
        String language = parts[0].toLowerCase(Locale.ROOT);
        String country = parts.length == 2 ? parts[1].toUpperCase(Locale.ROOT) : null;
        if (parts.length > 2 || !LANGUAGES.contains(language) || (parts.length == 2 && !COUNTRIES.contains(country))) {
            throw new Invalid("Invalid locale \"" + v + "\"");
        }
        return country == null ? language : language + "_" + country;
    }

    public static String email(String v) {
        String e = v.trim();
        if (e.length() > 254 || !e.matches("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$")) throw new Invalid("Invalid email address: " + v);
        return e.toLowerCase(Locale.ROOT);
    }

    public static String timezone(String v) {
        try {
            return ZoneId.of(v.trim()).getId();
        } catch (DateTimeException e) {
            throw new Invalid("Invalid time zone: " + v);
        }
    }

    /** Latchkey has no other way to sign in (no SSO), so password sign-in stays on. */
    public static String passwordLogin(String v) {
        String b = bool("enable-password-login").apply(v);
        if (b.equals("false")) throw new Invalid("Password sign-in cannot be turned off: Latchkey has no other way to sign in.");
        return b;
    }
}
