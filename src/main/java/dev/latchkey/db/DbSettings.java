package dev.latchkey.db;

/** Where the database is and how to sign in to it (user and password may be null: in the URL, or not needed). */
public record DbSettings(DbType type, String jdbcUrl, String user, String password) {}
