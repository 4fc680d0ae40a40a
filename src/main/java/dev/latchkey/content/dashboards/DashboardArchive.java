package dev.latchkey.content.dashboards;

import dev.latchkey.content.collections.ItemArchive;
import org.jdbi.v3.core.Handle;

import java.util.Collection;

/** The dashboards in a collection that is archived or unarchived (CollectionService calls this in its transaction). */
public final class DashboardArchive implements ItemArchive {
    private final DashboardRepository repo = new DashboardRepository();

    @Override
    public int archiveIn(Handle h, Collection<Long> collectionIds, String op) { return repo.archiveIn(h, collectionIds, op); }

    @Override
    public int unarchiveIn(Handle h, String op, Collection<Long> collectionIds) { return repo.unarchiveIn(h, op, collectionIds); }
}
