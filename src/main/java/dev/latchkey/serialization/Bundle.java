package dev.latchkey.serialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The files of one serialization directory, by path relative to it ("settings.yaml",
 * "collections/<eid>_<slug>/cards/<eid>_<label>.yaml"). Exports are built as a bundle and then packed (HTTP) or
 * written to a directory (CLI); imports unpack or read a directory into a bundle with the same limits.
 */
record Bundle(SortedMap<String, byte[]> files, java.util.List<Rejected> refused) {
    /** First path segments that hold serialization data; anything else (README, .git, export.log) is ignored. */
    static final Set<String> TOP_LEVEL = Set.of("collections", "settings.yaml", "databases", "snippets", "actions");
    /** What marks a serialization directory: its data, or the log every export writes (an export may hold nothing else). */
    private static final Set<String> MARKERS = Set.of("collections", "settings.yaml", "databases", "snippets", "actions", "export.log");

    Bundle {
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
        refused = java.util.List.copyOf(refused);
    }

    /** A bundle with every file readable. */
    Bundle(SortedMap<String, byte[]> files) { this(files, java.util.List.of()); }

    /**
     * The serialization directory inside an unpacked archive: the archive's top level itself, or the one
     * top-level directory that holds collections/ or settings.yaml (what `tar -czf x.tgz dir` produces).
     */
    static Bundle fromArchive(Map<String, byte[]> entries) { return fromArchive(entries, java.util.List.of()); }

    /** As above, keeping the files that were over the per-file limit ({@code refused}) for the import to report or skip. */
    static Bundle fromArchive(Map<String, byte[]> entries, java.util.List<Rejected> refused) {
        if (entries.keySet().stream().anyMatch(p -> MARKERS.contains(first(p)))) return new Bundle(new TreeMap<>(entries), refused);
        Set<String> roots = new TreeSet<>();
        for (String path : entries.keySet()) {
            String rest = path.contains("/") ? path.substring(path.indexOf('/') + 1) : "";
            if (!rest.isEmpty() && MARKERS.contains(first(rest))) roots.add(first(path));
        }
        if (roots.isEmpty()) {
            throw new Rejected("archive", "no serialization directory found (expected collections/ or settings.yaml, "
                    + "at the top or inside one top-level directory)");
        }
        if (roots.size() > 1) throw new Rejected("archive", "more than one serialization directory: " + String.join(", ", roots));
        String prefix = roots.iterator().next() + "/";
        SortedMap<String, byte[]> files = new TreeMap<>();
        entries.forEach((path, bytes) -> {
            if (path.startsWith(prefix)) files.put(path.substring(prefix.length()), bytes);
        });
        return new Bundle(files, refused);
    }

    /** Reads a directory tree (CLI import) with the archive's limits; links and special files are refused. */
    static Bundle fromDirectory(Path dir, Archive.Limits limits) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) throw new Rejected(dir.toString(), "not a directory");
        SortedMap<String, byte[]> files = new TreeMap<>();
        java.util.List<Rejected> refused = new java.util.ArrayList<>();
        long[] total = {0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String name = dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                    if (!attrs.isRegularFile()) throw new Rejected(name, "not a plain file (links and special files are refused)");
                    if (files.size() >= limits.maxEntries()) throw new Rejected(dir.toString(), "more than " + limits.maxEntries() + " files");
                    if (attrs.size() > limits.maxEntryBytes()) {
                        refused.add(new Rejected(name, "file is over the limit of " + limits.maxEntryBytes() + " bytes"));
                        return FileVisitResult.CONTINUE;
                    }
                    total[0] += attrs.size();
                    if (total[0] > limits.maxTotalBytes()) throw new Rejected(dir.toString(), "files are over the limit of " + limits.maxTotalBytes() + " bytes");
                    files.put(Archive.checkedName(name), Files.readAllBytes(file));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new Rejected(dir.toString(), "cannot read: " + e.getMessage());
        }
        return fromArchive(files, refused);
    }

    /**
     * Writes every file below {@code dir} (CLI export), creating folders; never follows an existing link.
     * YAML files under collections/ that this export no longer has (a renamed or moved collection's old
     * path) are removed, with folders left empty, so the directory mirrors the instance and diffs cleanly in
     * git; nothing else in the directory is touched. Returns how many stale files were removed.
     */
    int writeTo(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path target = root.resolve(file.getKey()).normalize();
                if (!target.startsWith(root)) throw new IllegalStateException("export path escapes the directory: " + file.getKey());
                Files.createDirectories(target.getParent());
                if (!target.getParent().toRealPath().startsWith(root.toRealPath())) {
                    throw new IOException(target.getParent() + " leads outside " + root + " through a link; refusing to write there");
                }
                if (Files.isSymbolicLink(target)) throw new IOException(target + " is a symbolic link; refusing to write through it");
                Files.write(target, file.getValue());
            }
            return removeStale(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int removeStale(Path root) throws IOException {
        Path collections = root.resolve("collections");
        if (!Files.isDirectory(collections, LinkOption.NOFOLLOW_LINKS)) return 0;
        int[] removed = {0};
        Files.walkFileTree(collections, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String name = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                if (attrs.isRegularFile() && name.endsWith(".yaml") && !files.containsKey(name)) {
                    Files.delete(file);
                    removed[0]++;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                try (var entries = Files.list(d)) {
                    if (entries.findAny().isEmpty() && !d.equals(collections)) Files.delete(d);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return removed[0];
    }

    private static String first(String path) {
        int slash = path.indexOf('/');
        return slash < 0 ? path : path.substring(0, slash);
    }
}
