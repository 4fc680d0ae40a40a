package dev.latchkey.serialization;

/**
 * An import input that cannot be accepted: names the file (an archive entry or a YAML path, or "archive" for
 * the whole upload) and the problem, so the import log can tell a person exactly what to fix. It never leaves
 * this package: the service turns it into a log line and a 400.
 */
final class Rejected extends RuntimeException {
    private final String file;

    Rejected(String file, String problem) {
        super(problem, null, false, false);
        this.file = file;
    }

    String file() { return file; }

    String problem() { return getMessage(); }

    /** "file: problem", the form every import log line takes. */
    String line() { return file + ": " + getMessage(); }
}
