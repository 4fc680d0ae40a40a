package dev.latchkey.content;

/** What importing one collection, question or dashboard did: the row's id, and whether it was new. */
public record ImportResult(long id, boolean created) {}
