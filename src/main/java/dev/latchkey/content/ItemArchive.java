package dev.latchkey.content;

import org.jdbi.v3.core.Handle;

import java.util.Collection;
import java.util.List;

/**
 * What archiving a collection does to the questions or dashboards in it: their rows join the collection's archive
 * operation (and leave it on unarchive). Both item tables carry the same archive columns for this; the item
 * feature names its own table (CardService.archive(), DashboardService.archive()) and collections call this inside
 * their transaction, so collections never name another feature's table.
 */
public final class ItemArchive {
    private final String table;

    public ItemArchive(String table) { this.table = table; }

    /** Archives the unarchived items in these collections as part of archive operation `op`; how many. */
    public int archiveIn(Handle h, Collection<Long> collectionIds, String op) {
        if (collectionIds.isEmpty()) return 0;
        return h.createUpdate("UPDATE " + table + " SET archived = TRUE, archived_directly = FALSE, archive_operation_id = :op, "
                        + "updated_at = :now WHERE collection_id IN (<ids>) AND archived = FALSE")
                .bind("op", op).bind("now", System.currentTimeMillis()).bindList("ids", List.copyOf(collectionIds)).execute();
    }

    /** Unarchives the items archived by operation `op` that are still in these collections; how many. */
    public int unarchiveIn(Handle h, String op, Collection<Long> collectionIds) {
        return h.createUpdate("UPDATE " + table + " SET archived = FALSE, archived_directly = NULL, archive_operation_id = NULL, "
                        + "updated_at = :now WHERE archive_operation_id = :op AND collection_id IN (<ids>)")
                .bind("now", System.currentTimeMillis()).bind("op", op).bindList("ids", List.copyOf(collectionIds)).execute();
    }
}
