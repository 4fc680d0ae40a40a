package dev.latchkey.permissions;

import org.jdbi.v3.core.Handle;

import java.util.Collection;
import java.util.List;

/**
 * The few facts about collections that rights and the permission graph need. Owned here and implemented by the
 * collections feature over its own table (wired in App), so permissions never read the collection table.
 */
public interface CollectionCatalog {
    /** A collection's id and location path ("/" for a top-level one). */
    record Entry(long id, String location) {}

    /** The user's personal collection's id, or null. */
    Long personalCollectionOf(Handle h, long userId);

    /** Collections of the namespace (null = the default one) that are not personal collections, in id order. */
    List<Entry> nonPersonal(Handle h, String namespace);

    /** Which of these ids are personal collections. */
    List<Long> personalAmong(Handle h, Collection<Long> ids);
}
