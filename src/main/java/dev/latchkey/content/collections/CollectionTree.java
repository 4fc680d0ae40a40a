package dev.latchkey.content.collections;

import dev.latchkey.content.collections.CollectionViews.CollectionView;
import dev.latchkey.content.collections.CollectionViews.TreeNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Builds GET /api/collection/tree from the collections a caller can see. A collection whose parent is not
 * visible hangs under its nearest visible ancestor (or at the top). `here` lists the kinds of questions
 * directly inside a node ("card", "dataset"), `below` those anywhere in its subtree.
 */
final class CollectionTree {
    private final Map<Long, CollectionRow> visible = new HashMap<>();
    private final Map<Long, List<CollectionRow>> children = new HashMap<>();
    private final Map<Long, Set<String>> here = new HashMap<>();
    private final Function<CollectionRow, CollectionView> view;

    CollectionTree(List<CollectionRow> collections, List<CollectionRepository.ItemKinds> kinds, Function<CollectionRow, CollectionView> view) {
        this.view = view;
        collections.forEach(c -> visible.put(c.id(), c));
        for (CollectionRow c : collections) children.computeIfAbsent(effectiveParent(c), k -> new ArrayList<>()).add(c);
        children.values().forEach(list -> list.sort(Comparator.comparing((CollectionRow c) -> c.name().toLowerCase(Locale.ROOT))
                .thenComparing(CollectionRow::id)));
        for (CollectionRepository.ItemKinds k : kinds) {
            if (k.collectionId() == null) continue;
            here.computeIfAbsent(k.collectionId(), x -> new TreeSet<>()).add("model".equals(k.cardType()) ? "dataset" : "card");
        }
    }

    /** Top-level nodes (or the children of `collectionId`); shallow gives one level with boolean `children`. */
    List<TreeNode> build(boolean shallow, Long collectionId) {
        long start = collectionId == null ? 0L : collectionId;
        List<TreeNode> out = new ArrayList<>();
        for (CollectionRow c : children.getOrDefault(start, List.of())) out.add(shallow ? shallowNode(c) : node(c));
        return out;
    }

    private TreeNode node(CollectionRow c) {
        List<TreeNode> kids = new ArrayList<>();
        Set<String> below = new TreeSet<>();
        for (CollectionRow child : children.getOrDefault(c.id(), List.of())) {
            TreeNode n = node(child);
            kids.add(n);
            below.addAll(n.here());
            below.addAll(n.below());
        }
        return new TreeNode(view.apply(c), kids, List.copyOf(here.getOrDefault(c.id(), Set.of())), List.copyOf(below));
    }

    private TreeNode shallowNode(CollectionRow c) {
        boolean hasChildren = !children.getOrDefault(c.id(), List.of()).isEmpty();
        return new TreeNode(view.apply(c), hasChildren, List.copyOf(here.getOrDefault(c.id(), Set.of())), List.of());
    }

    /** The nearest visible ancestor's id, or 0 for the top level. */
    private long effectiveParent(CollectionRow c) {
        List<Long> ancestors = c.ancestorIds();
        for (int i = ancestors.size() - 1; i >= 0; i--) {
            if (visible.containsKey(ancestors.get(i))) return ancestors.get(i);
        }
        return 0L;
    }
}
