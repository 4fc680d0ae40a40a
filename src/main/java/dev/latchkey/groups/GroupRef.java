package dev.latchkey.groups;

/** A group named by id and name: the create/rename responses, and what other features show as `group`. */
public record GroupRef(long id, String name) {}
