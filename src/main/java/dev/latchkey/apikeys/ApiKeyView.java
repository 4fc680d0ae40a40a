package dev.latchkey.apikeys;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.OffsetDateTime;

/**
 * Metabase's present-api-key shape, plus {@code revoked} (a Latchkey extension: null unless the key was revoked,
 * e.g. reported leaked; such a key stays listed for admins but authenticates nothing). Picks its fields explicitly: the key's user id, digest and plaintext can
 * never reach JSON through it. {@link NewApiKeyView} adds unmasked_key for create and regenerate only.
 * Latchkey adds {@code restrictions} (always) and {@code owner} (personal keys only; their group is null), and
 * (issue 13) expires_at and last_used_at (null = never) and previous_key_expires_at (a regenerate's open grace window).
 */
public record ApiKeyView(long id, String name, GroupRef group, String maskedKey, OffsetDateTime createdAt,
                         OffsetDateTime updatedAt, UpdatedBy updatedBy, Revoked revoked, KeyRestrictions restrictions,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Owner owner, OffsetDateTime expiresAt,
                         OffsetDateTime lastUsedAt, OffsetDateTime previousKeyExpiresAt) {

    /** The key's group: {id, name}. */
    public record GroupRef(Long id, String name) {}

    /** The person who last changed the key: {id, common_name}. */
    public record UpdatedBy(long id, String commonName) {}

    /** The person a personal key acts as: {id, common_name}. */
    public record Owner(long id, String commonName) {}

    /** When and why the key was revoked; for reason "leaked", the report's URL and source (GitHub's fields). */
    public record Revoked(OffsetDateTime at, String reason, String url, String source) {}
}
