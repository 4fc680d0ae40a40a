package dev.latchkey.content.cards;

import dev.latchkey.content.collections.ItemArchive;
import org.jdbi.v3.core.Handle;

import java.util.Collection;

/** The questions in a collection that is archived or unarchived (CollectionService calls this in its transaction). */
public final class CardArchive implements ItemArchive {
    private final CardRepository repo = new CardRepository();

    @Override
    public int archiveIn(Handle h, Collection<Long> collectionIds, String op) { return repo.archiveIn(h, collectionIds, op); }

    @Override
    public int unarchiveIn(Handle h, String op, Collection<Long> collectionIds) { return repo.unarchiveIn(h, op, collectionIds); }
}
