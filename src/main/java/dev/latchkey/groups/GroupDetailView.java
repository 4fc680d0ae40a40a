package dev.latchkey.groups;

import java.util.List;

/** `GET /api/permissions/group/:id`: the group with its active members. */
public record GroupDetailView(long id, String name, List<MemberView> members) {}
