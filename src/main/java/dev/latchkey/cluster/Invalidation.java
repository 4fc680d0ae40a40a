package dev.latchkey.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * What every instance must drop from its caches after a change that can affect authentication or authorization.
 * Encoded as short text (a NOTIFY payload or a change-table row): {@code u:42}, {@code k:<key id>},
 * {@code s:<session id hash>}, {@code c} (collections), {@code *}. Applying one twice is harmless.
 */
public sealed interface Invalidation {
    /** A user's credentials, rights or profile changed: drop everything cached about them (keys, sessions, views). */
    record User(long id) implements Invalidation {}

    /** One API key id (the public part of a key) changed or went away. */
    record Key(String keyId) implements Invalidation {}

    /** One session (by the SHA-256 hex of its id) ended. */
    record Session(String idHash) implements Invalidation {}

    /** A row of the collection table was written (created, renamed, moved, archived...): drop cached collection listings. */
    record Collections() implements Invalidation {}

    /** Drop everything: a resync, or a change too broad to name. */
    record All() implements Invalidation {}

    static Invalidation user(long id) { return new User(id); }

    static Invalidation key(String keyId) { return new Key(keyId); }

    static Invalidation session(String idHash) { return new Session(idHash); }

    static Invalidation collections() { return new Collections(); }

    static Invalidation all() { return new All(); }

    default String encode() {
        if (this instanceof User u) return "u:" + u.id();
        if (this instanceof Key k) return "k:" + k.keyId();
        if (this instanceof Session s) return "s:" + s.idHash();
        if (this instanceof Collections) return "c";
        return "*";
    }

    /** Decodes a ';'-separated list; an unknown or malformed item becomes All (never trust a cache we cannot read about). */
    static List<Invalidation> decodeAll(String text) {
        List<Invalidation> out = new ArrayList<>();
        for (String item : text.split(";")) {
            if (!item.isEmpty()) out.add(decode(item));
        }
        return out;
    }

    static Invalidation decode(String item) {
        try {
            if (item.startsWith("u:")) return new User(Long.parseLong(item.substring(2)));
            if (item.startsWith("k:") && safe(item.substring(2))) return new Key(item.substring(2));
            if (item.startsWith("s:") && safe(item.substring(2))) return new Session(item.substring(2));
            if (item.equals("c")) return new Collections();
        } catch (NumberFormatException e) {
            // falls through to All
        }
        return new All();
    }

    /** Key ids and session hashes are [a-z0-9]; anything else is not ours. */
    static boolean safe(String s) { return !s.isEmpty() && s.length() <= 128 && s.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')); }
}
