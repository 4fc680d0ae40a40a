package dev.latchkey.content;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;

/**
 * Metabase's slugify: lower-case, diacritics removed, every other ASCII character that is not a letter or
 * digit becomes '_', and non-ASCII characters are URL-encoded. "Rasta Toucan's Personal Collection" gives
 * "rasta_toucan_s_personal_collection".
 */
public final class Slugs {
    private Slugs() {}

    public static String slugify(String name, int maxLength) {
        String plain = Normalizer.normalize(name.toLowerCase(Locale.ROOT), Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        StringBuilder out = new StringBuilder();
        plain.codePoints().forEach(cp -> {
            if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) out.append((char) cp);
            else if (cp < 128) out.append('_');
            else out.append(URLEncoder.encode(new String(Character.toChars(cp)), StandardCharsets.UTF_8));
        });
        return out.length() > maxLength ? out.substring(0, maxLength) : out.toString();
    }
}
