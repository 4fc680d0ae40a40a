package dev.latchkey.groups;

import java.util.List;

/**
 * `GET /api/permissions/group/:id?limit=&offset=` (a Latchkey extension for groups of thousands): the group with one
 * page of its active members in the usual order, and how many there are in all. Without limit the endpoint answers
 * Metabase's GroupDetailView with every member.
 */
public record GroupMembersPage(long id, String name, List<MemberView> members, long total, long limit, long offset) {}
