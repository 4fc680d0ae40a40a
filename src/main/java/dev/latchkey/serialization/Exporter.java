package dev.latchkey.serialization;

import dev.latchkey.settings.Settings;
import org.jdbi.v3.core.Handle;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builds the files of an export inside the caller's (read-only) transaction. The output depends only on the
 * stored content and the options, never on the clock, so unchanged content exports to identical bytes;
 * export.log is part of the output and follows the same rule.
 *
 * <p>Selection, as Metabase: no collection parameter exports every collection outside personal trees plus
 * root items; named collections export themselves and their descendants (personal ones too when named);
 * all_collections=false exports none. Cards that selected dashboards or questions use but that live outside
 * the selection are exported too, with a warning, so the archive stays complete.
 */
final class Exporter {
    private final Settings settings;

    Exporter(Settings settings) {
        this.settings = settings;
    }

    SortedMap<String, byte[]> export(Handle h, ExportOptions options, ContentReader content) {
        SortedMap<String, byte[]> files = new TreeMap<>();
        List<String> log = new ArrayList<>();
        log.add("Latchkey serialization export");
        log.add("Options: collection=" + options.collections() + " all_collections=" + options.allCollections()
                + " settings=" + options.settings() + " data_model=" + options.dataModel()
                + " field_values=" + options.fieldValues() + " database_secrets=" + options.databaseSecrets());
        if (options.settings()) {
            files.put(SettingsFile.PATH, SettingsFile.write(key -> settings.get(h, key)));
            log.add("Exported Settings to " + SettingsFile.PATH);
        }
        Portable.Snapshot all = content.read(h);
        Map<String, Portable.Collection> byEid = new LinkedHashMap<>();
        all.collections().forEach(c -> byEid.put(c.entityId(), c));
        Set<String> chosen = chooseCollections(h, options, content, all, byEid);
        boolean rootItems = options.collections().isEmpty() && options.allCollections();
        DocWriter writer = new DocWriter(byEid);
        for (Portable.Collection c : all.collections()) {
            if (chosen.contains(c.entityId())) add(files, log, Portable.COLLECTION, c.entityId(), c.name(), writer.collection(c));
        }
        List<Portable.Card> cards = new ArrayList<>();
        List<Portable.Dashboard> dashboards = new ArrayList<>();
        for (Portable.Card c : all.cards()) if (selected(c.collectionId(), chosen, rootItems)) cards.add(c);
        for (Portable.Dashboard d : all.dashboards()) if (selected(d.collectionId(), chosen, rootItems)) dashboards.add(d);
        addEscapedCards(all, cards, dashboards, log);
        for (Portable.Card c : cards) add(files, log, Portable.CARD, c.entityId(), c.name(), writer.card(c));
        for (Portable.Dashboard d : dashboards) add(files, log, Portable.DASHBOARD, d.entityId(), d.name(), writer.dashboard(d));
        if (options.dataModel() || options.fieldValues() || options.databaseSecrets()) {
            log.add("Latchkey stores no databases, tables, fields or connection details: data_model, field_values "
                    + "and database_secrets add nothing");
        }
        log.add("Export finished: " + files.size() + " files");
        files.put(SerializationService.EXPORT_LOG, (String.join("\n", log) + "\n").getBytes(StandardCharsets.UTF_8));
        return files;
    }

    private static Set<String> chooseCollections(Handle h, ExportOptions options, ContentReader content,
                                                 Portable.Snapshot all, Map<String, Portable.Collection> byEid) {
        Set<String> chosen = new LinkedHashSet<>();
        if (options.noCollections()) return chosen;
        if (options.collections().isEmpty()) {
            for (Portable.Collection c : all.collections()) if (!inPersonalTree(c, byEid)) chosen.add(c.entityId());
            return chosen;
        }
        Map<String, List<String>> children = new HashMap<>();
        for (Portable.Collection c : all.collections()) {
            if (c.parentId() != null) children.computeIfAbsent(c.parentId(), k -> new ArrayList<>()).add(c.entityId());
        }
        for (ExportOptions.CollectionRef ref : options.collections()) {
            List<String> todo = new ArrayList<>(List.of(content.collectionEid(h, ref)));
            while (!todo.isEmpty()) {
                String eid = todo.remove(todo.size() - 1);
                if (chosen.add(eid)) todo.addAll(children.getOrDefault(eid, List.of()));
            }
        }
        return chosen;
    }

    /** Cards used by the selected dashboards and questions but stored outside the selection. */
    private static void addEscapedCards(Portable.Snapshot all, List<Portable.Card> cards, List<Portable.Dashboard> dashboards,
                                        List<String> log) {
        Map<String, Portable.Card> byEid = new LinkedHashMap<>();
        all.cards().forEach(c -> byEid.put(c.entityId(), c));
        Set<String> included = new LinkedHashSet<>();
        cards.forEach(c -> included.add(c.entityId()));
        java.util.ArrayDeque<String> needed = new java.util.ArrayDeque<>();
        for (Portable.Dashboard d : dashboards) {
            needed.addAll(JsonRefs.cardRefs(null, d.parameters(), null));
            for (Portable.Dashcard dc : d.dashcards()) {
                if (dc.cardId() != null) needed.add(dc.cardId());
                needed.addAll(dc.series());
                needed.addAll(JsonRefs.cardRefs(null, null, dc.parameterMappings()));
            }
        }
        int scanned = 0;
        while (true) {
            while (scanned < cards.size()) {
                Portable.Card c = cards.get(scanned++);
                needed.addAll(JsonRefs.cardRefs(c.datasetQuery(), c.parameters(), c.parameterMappings()));
            }
            if (needed.isEmpty()) return;
            String eid = needed.pop();
            Portable.Card card = byEid.get(eid);
            if (card != null && included.add(eid)) {
                cards.add(card);
                log.add("Warning: Card " + eid + " " + ImportLog.quoted(card.name())
                        + " is used by the selected content but stored outside the selected collections; exported too");
            }
        }
    }

    private static boolean selected(String collectionEid, Set<String> chosen, boolean rootItems) {
        return collectionEid == null ? rootItems : chosen.contains(collectionEid);
    }

    private static boolean inPersonalTree(Portable.Collection c, Map<String, Portable.Collection> byEid) {
        Portable.Collection top = c;
        for (int depth = 0; top.parentId() != null && byEid.containsKey(top.parentId()) && depth < 10_000; depth++) {
            top = byEid.get(top.parentId());
        }
        return top.personalOwner() != null;
    }

    private static void add(SortedMap<String, byte[]> files, List<String> log, String model, String eid, String name,
                            DocWriter.Doc doc) {
        files.put(doc.path(), Yaml.write(doc.node()));
        log.add("Exported " + model + " " + eid + " " + ImportLog.quoted(name) + " to " + doc.path());
    }
}
