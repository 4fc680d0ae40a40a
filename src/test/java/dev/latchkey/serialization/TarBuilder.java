package dev.latchkey.serialization;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds .tar.gz archives for tests, including hostile ones (links, devices, escaping names, bombs). */
final class TarBuilder {
    private interface Step {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private final List<Step> steps = new ArrayList<>();

    TarBuilder file(String name, String text) { return file(name, text.getBytes(StandardCharsets.UTF_8)); }

    TarBuilder file(String name, byte[] bytes) {
        steps.add(tar -> {
            TarArchiveEntry e = new TarArchiveEntry(name, true); // true: keep a leading "/" as given
            e.setSize(bytes.length);
            tar.putArchiveEntry(e);
            tar.write(bytes);
            tar.closeArchiveEntry();
        });
        return this;
    }

    /** A file of {@code size} zero bytes, streamed so a test can build a bomb without holding it. */
    TarBuilder zeros(String name, long size) {
        steps.add(tar -> {
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(size);
            tar.putArchiveEntry(e);
            byte[] chunk = new byte[64 * 1024];
            for (long left = size; left > 0; left -= chunk.length) tar.write(chunk, 0, (int) Math.min(chunk.length, left));
            tar.closeArchiveEntry();
        });
        return this;
    }

    TarBuilder special(String name, byte type, String linkTarget) {
        steps.add(tar -> {
            TarArchiveEntry e = new TarArchiveEntry(name, type, true);
            if (linkTarget != null) e.setLinkName(linkTarget);
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
        });
        return this;
    }

    TarBuilder symlink(String name, String target) { return special(name, TarConstants.LF_SYMLINK, target); }

    TarBuilder hardlink(String name, String target) { return special(name, TarConstants.LF_LINK, target); }

    TarBuilder device(String name) { return special(name, TarConstants.LF_CHR, null); }

    TarBuilder fifo(String name) { return special(name, TarConstants.LF_FIFO, null); }

    byte[] tar() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeTar(out);
        return out.toByteArray();
    }

    byte[] tgz() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out)) {
            writeTar(gz);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void writeTar(OutputStream out) {
        try {
            TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Step step : steps) step.write(tar);
            tar.finish();
            tar.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
