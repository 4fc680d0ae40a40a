package dev.latchkey.db;

/** The database could not be reached at start-up; the message names the settings to check (never a password). */
public final class DatabaseUnreachable extends RuntimeException {
    public DatabaseUnreachable(String message) { super(message); }
}
