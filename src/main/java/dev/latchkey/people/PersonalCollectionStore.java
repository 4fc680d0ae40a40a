package dev.latchkey.people;

import org.jdbi.v3.core.Handle;

/**
 * Every person has a personal collection, made and renamed with them in the same transaction. Owned here and
 * implemented by the collections feature (wired in App), so people do not depend on content.
 */
public interface PersonalCollectionStore {
    /** Creates the person's personal collection inside the caller's transaction; returns its id. */
    long createPersonalCollection(Handle h, long userId, String email, String firstName, String lastName);

    /** Renames it after the person's name or email changed. */
    void renamePersonalCollection(Handle h, long userId, String email, String firstName, String lastName);

    /** Its id, or null when the person has none. */
    Long personalCollectionIdOf(Handle h, long userId);
}
