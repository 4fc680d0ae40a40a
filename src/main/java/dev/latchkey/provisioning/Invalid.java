package dev.latchkey.provisioning;

/** A config file that cannot be applied, with the line and field to fix. Nothing of the file was applied. */
public final class Invalid extends RuntimeException {
    private final int line;
    private final String field;

    public Invalid(int line, String field, String message) {
        super("line " + line + ", " + field + ": " + message);
        this.line = line;
        this.field = field;
    }

    public int line() { return line; }

    public String field() { return field; }
}
