package dev.latchkey.serialization;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.Deflater;

/**
 * The .tar.gz container of an export. Reading trusts nothing: every byte is counted against {@link Limits}
 * while it is decompressed (so a decompression bomb stops at the limit, not at the end of memory), every
 * entry name is checked before it is used, and only plain files and directories are accepted. Nothing is
 * ever written to disk while reading. Writing is deterministic: sorted entries, fixed times, owners and
 * modes, and a gzip header without time or name, so unchanged content gives a byte-identical archive.
 */
final class Archive {
    /** Entry times in written archives: a fixed instant (2000-01-01T00:00:00Z) rather than "now". */
    static final long FIXED_MTIME_MILLIS = 946_684_800_000L;

    /** Bounds on an uploaded archive. The ratio applies once at least {@code ratioFloorBytes} are out. */
    record Limits(long maxCompressedBytes, long maxTotalBytes, int maxEntries, long maxEntryBytes,
                  long maxRatio, long ratioFloorBytes) {
        /**
         * Room for well over 10,000 entities (about 1.5 KB of YAML each), far from what a server can hold. The ratio
         * applies from 32 MB out: a single file the API let someone save (up to 8 MB of, say, one repeated character)
         * can compress far better than 200:1 and must still import; a bomb still stops at 32 MB.
         */
        static final Limits DEFAULT = new Limits(64L << 20, 256L << 20, 100_000, 8L << 20, 200, 32L << 20);
    }

    private Archive() {}

    /** Reads every file of a .tar.gz into memory: entry name (checked, normalised) to bytes. */
    static Map<String, byte[]> read(InputStream upload, Limits limits) { return read(upload, limits, null); }

    /**
     * As above; a file over the per-file limit goes to {@code refused} (when given) instead of refusing the whole
     * archive, so continue_on_error can skip it like any other file it cannot import. Archive-wide limits still
     * refuse everything.
     */
    static Map<String, byte[]> read(InputStream upload, Limits limits, java.util.List<Rejected> refused) {
        Map<String, byte[]> files = new TreeMap<>();
        int entries = 0;
        try (GzipCompressorInputStream gzip = gunzip(upload, limits);
             Bounded inflated = new Bounded(gzip, limits);
             TarArchiveInputStream tar = new TarArchiveInputStream(inflated)) {
            TarArchiveEntry entry;
            while ((entry = nextEntry(tar)) != null) {
                if (++entries > limits.maxEntries()) {
                    throw new Rejected("archive", "more than " + limits.maxEntries() + " entries");
                }
                String name = checkedName(entry.getName());
                checkType(entry, entry.getName());
                if (entry.isDirectory() || name.isEmpty()) continue;
                byte[] bytes;
                try {
                    if (entry.getSize() > limits.maxEntryBytes()) {
                        throw new Rejected(name, "entry is " + entry.getSize() + " bytes, over the limit of " + limits.maxEntryBytes());
                    }
                    bytes = readEntry(tar, name, limits);
                } catch (Rejected r) {
                    if (refused == null || !r.file().equals(name)) throw r;
                    refused.add(r);
                    continue;
                }
                if (files.put(name, bytes) != null) {
                    throw new Rejected(name, "the archive holds this path more than once");
                }
            }
        } catch (IOException e) {
            throw new Rejected("archive", "not a valid .tar.gz archive (" + describe(e) + ")");
        } catch (UncheckedIOException e) {
            throw new Rejected("archive", "not a valid .tar.gz archive (" + describe(e.getCause()) + ")");
        }
        return files;
    }

    /** Writes the files under one top-level directory {@code dirname}, directories first, all sorted. */
    static void write(String dirname, Map<String, byte[]> files, OutputStream out) {
        try {
            GzipParameters gz = new GzipParameters();
            gz.setCompressionLevel(Deflater.DEFAULT_COMPRESSION);
            gz.setModificationTime(0);
            GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(nonClosing(out), gz);
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip, StandardCharsets.UTF_8.name())) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                tar.setAddPaxHeadersForNonAsciiNames(true);
                for (String dir : directories(dirname, files)) {
                    tar.putArchiveEntry(entry(dir + "/", TarConstants.LF_DIR, 0, 0755));
                    tar.closeArchiveEntry();
                }
                for (Map.Entry<String, byte[]> file : new TreeMap<>(files).entrySet()) {
                    byte[] bytes = file.getValue();
                    tar.putArchiveEntry(entry(dirname + "/" + file.getKey(), TarConstants.LF_NORMAL, bytes.length, 0644));
                    tar.write(bytes);
                    tar.closeArchiveEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A safe relative name: no absolute paths, drive letters, backslashes, control characters or ".."
     * segments; "." and empty segments are dropped, so "./a//b/" becomes "a/b".
     */
    static String checkedName(String raw) {
        if (raw == null) throw new Rejected("archive", "an entry has no name");
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                throw new Rejected(printable(raw), "entry name contains a backslash or a control character");
            }
        }
        if (raw.startsWith("/") || raw.matches("^[A-Za-z]:.*")) {
            throw new Rejected(raw, "absolute path: entries must stay inside the archive's directory");
        }
        StringBuilder out = new StringBuilder();
        for (String segment : raw.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) continue;
            if (segment.equals("..")) throw new Rejected(raw, "path escapes the archive's directory (\"..\")");
            if (out.length() > 0) out.append('/');
            out.append(segment);
        }
        return out.toString();
    }

    private static void checkType(TarArchiveEntry entry, String name) {
        String kind = null;
        if (entry.isSymbolicLink()) kind = "a symbolic link";
        else if (entry.isLink()) kind = "a hard link";
        else if (entry.isCharacterDevice() || entry.isBlockDevice()) kind = "a device file";
        else if (entry.isFIFO()) kind = "a named pipe";
        else if (entry.isSparse()) kind = "a sparse file";
        else if (!entry.isDirectory() && !isPlainFile(entry.getLinkFlag())) kind = "an unsupported entry type '" + (char) entry.getLinkFlag() + "'";
        if (kind != null) throw new Rejected(name, "entry is " + kind + "; only plain files and directories are accepted");
    }

    private static boolean isPlainFile(byte flag) {
        return flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM || flag == TarConstants.LF_CONTIG;
    }

    private static byte[] readEntry(TarArchiveInputStream tar, String name, Limits limits) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        int n;
        while ((n = tar.read(buffer)) != -1) {
            if (out.size() + (long) n > limits.maxEntryBytes()) {
                throw new Rejected(name, "entry is over the limit of " + limits.maxEntryBytes() + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static TarArchiveEntry nextEntry(TarArchiveInputStream tar) throws IOException {
        try {
            return tar.getNextEntry();
        } catch (IllegalArgumentException e) { // commons-compress reports some corrupt headers this way
            throw new IOException("corrupt tar header: " + e.getMessage(), e);
        }
    }

    private static GzipCompressorInputStream gunzip(InputStream upload, Limits limits) throws IOException {
        InputStream capped = new CappedInput(upload, limits.maxCompressedBytes());
        return GzipCompressorInputStream.builder().setInputStream(capped).setDecompressConcatenated(true).get();
    }

    private static SortedSet<String> directories(String dirname, Map<String, byte[]> files) {
        SortedSet<String> dirs = new TreeSet<>();
        dirs.add(dirname);
        for (String path : files.keySet()) {
            for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) dirs.add(dirname + "/" + path.substring(0, i));
        }
        return dirs;
    }

    private static TarArchiveEntry entry(String name, byte type, long size, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name, type);
        e.setSize(size);
        e.setMode((type == TarConstants.LF_DIR ? 040000 : 0100000) | mode);
        e.setModTime(FIXED_MTIME_MILLIS);
        e.setIds(0, 0);
        e.setNames("", "");
        return e;
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }
            @Override public void close() throws IOException { flush(); }
        };
    }

    private static String describe(Throwable e) {
        if (e instanceof EOFException) return "unexpected end of data";
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static String printable(String raw) { return raw.replaceAll("[\\x00-\\x1f\\x7f]", "?"); }

    /** Hands every byte read to {@link #count}, which stops the read by throwing once a limit is passed. */
    private abstract static class CountingInput extends java.io.FilterInputStream {
        CountingInput(InputStream in) { super(in); }

        abstract void count(long n);

        @Override public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count(1);
            return b;
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count(n);
            return n;
        }
    }

    /** Stops an upload that is larger than allowed before it is fully read. */
    private static final class CappedInput extends CountingInput {
        private final long max;
        private long count;

        CappedInput(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override void count(long n) {
            count += n;
            if (count > max) throw new Rejected("archive", "upload is over the limit of " + max + " bytes");
        }
    }

    /**
     * Counts decompressed bytes: over the total limit, or more than {@code maxRatio} times the compressed
     * bytes consumed so far (a decompression bomb), reading stops at once.
     */
    private static final class Bounded extends CountingInput {
        private final GzipCompressorInputStream gzip;
        private final Limits limits;
        private long total;

        Bounded(GzipCompressorInputStream gzip, Limits limits) {
            super(gzip);
            this.gzip = gzip;
            this.limits = limits;
        }

        @Override public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            if (skipped > 0) count(skipped);
            return skipped;
        }

        @Override void count(long n) {
            total += n;
            if (total > limits.maxTotalBytes()) {
                throw new Rejected("archive", "uncompressed content is over the limit of " + limits.maxTotalBytes() + " bytes");
            }
            long compressed = Math.max(1, gzip.getCompressedCount());
            if (total > limits.ratioFloorBytes() && total / compressed > limits.maxRatio()) {
                throw new Rejected("archive", "compression ratio over " + limits.maxRatio()
                        + ":1 (a decompression bomb?)");
            }
        }
    }
}
