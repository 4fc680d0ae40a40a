package dev.latchkey.groups;

/** One member of a group, as Metabase lists them under `members` and in the membership POST response. */
public record MemberView(long userId, long membershipId, String firstName, String lastName, String email,
                         boolean isGroupManager) {}
