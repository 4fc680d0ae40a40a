package dev.latchkey.content.collections;

import dev.latchkey.content.Slugs;
import org.jdbi.v3.core.Handle;

/**
 * The name of a person's personal collection, which follows the person: Metabase's rule ("Ada Admin's Personal
 * Collection"; only one of the names, or else the email, when names are missing), applied when the collection is
 * created and again whenever the person's name or email changes, inside that change's transaction.
 */
final class PersonalCollections {
    /** The name column holds 254 characters. */
    private static final int NAME_MAX = 254;

    private final CollectionRepository repo;

    PersonalCollections(CollectionRepository repo) { this.repo = repo; }

    static String name(String email, String firstName, String lastName) {
        String who = firstName != null && lastName != null ? firstName + " " + lastName
                : firstName != null ? firstName : lastName != null ? lastName : email;
        String name = who + "'s Personal Collection";
        return name.length() > NAME_MAX ? name.substring(0, NAME_MAX) : name;
    }

    /** Renames the person's personal collection (if any) to match their current name; no write when it already does. */
    void follow(Handle h, long userId, String email, String firstName, String lastName) {
        String name = name(email, firstName, lastName);
        repo.personalOf(h, userId).filter(c -> !c.name().equals(name)).ifPresent(c -> repo.update(h, c.id(), name,
                Slugs.slugify(name, CollectionService.SLUG_MAX), c.description(), c.color(), c.authorityLevel()));
    }
}
