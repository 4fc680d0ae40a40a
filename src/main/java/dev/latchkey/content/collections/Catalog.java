package dev.latchkey.content.collections;

import dev.latchkey.cluster.Invalidations;
import dev.latchkey.permissions.CollectionCatalog;
import org.jdbi.v3.core.Handle;

import java.util.Collection;
import java.util.List;

/** The collections' side of {@link CollectionCatalog}: read from the collection table, by its repository. */
public final class Catalog implements CollectionCatalog {
    private final CollectionRepository repo;

    /** Only reads; the invalidations are what the repository's writes would publish. */
    public Catalog(Invalidations invalidations) { this.repo = new CollectionRepository(invalidations); }

    @Override
    public Long personalCollectionOf(Handle h, long userId) {
        return repo.personalOf(h, userId).map(CollectionRow::id).orElse(null);
    }

    @Override
    public List<Entry> nonPersonal(Handle h, String namespace) { return repo.nonPersonal(h, namespace); }

    @Override
    public List<Long> personalAmong(Handle h, Collection<Long> ids) { return repo.personalAmong(h, ids); }
}
