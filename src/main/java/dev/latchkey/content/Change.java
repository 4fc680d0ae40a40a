package dev.latchkey.content;

/**
 * One field of a partial update: a null Change means "not in the request", a Change holding null means
 * "set to null". Metabase's PUT endpoints distinguish the two (e.g. collection_id null moves to root).
 */
public record Change<T>(T value) {
    public static <T> Change<T> of(T value) { return new Change<>(value); }
}
