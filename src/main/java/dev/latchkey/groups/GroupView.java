package dev.latchkey.groups;

/** A group in `GET /api/permissions/group`: member_count counts active members, API-key users included. */
public record GroupView(long id, String name, long memberCount) {}
