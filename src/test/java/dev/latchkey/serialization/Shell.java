package dev.latchkey.serialization;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs a command line with bash in a directory, as a person following the docs would; fails on a non-zero exit. */
final class Shell {
    private Shell() {}

    record Result(int exit, String out, String err) {}

    static Result run(Path dir, String commandLine) {
        try {
            Process p = new ProcessBuilder("bash", "-c", commandLine).directory(dir.toFile()).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + commandLine);
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String ok(Path dir, String commandLine) {
        Result r = run(dir, commandLine);
        assertThat(r.exit()).as(commandLine + "\n" + r.err()).isZero();
        return r.out();
    }
}
