package dev.latchkey.content.collections;

import org.jdbi.v3.core.Handle;

import java.util.Collection;

/**
 * What archiving a collection does to the items in it (questions, dashboards). Owned here and implemented by each
 * item feature over its own table (wired in App), so collections write only the collection table.
 */
public interface ItemArchive {
    /** Archives the unarchived items in these collections as part of archive operation `op`; how many. */
    int archiveIn(Handle h, Collection<Long> collectionIds, String op);

    /** Unarchives the items archived by operation `op` that are still in these collections; how many. */
    int unarchiveIn(Handle h, String op, Collection<Long> collectionIds);
}
