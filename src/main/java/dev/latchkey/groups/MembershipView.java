package dev.latchkey.groups;

/** One row of `GET /api/permissions/membership` (a map from user id to these). */
public record MembershipView(long membershipId, long groupId, long userId, boolean isGroupManager) {}
