package dev.latchkey.apikeys;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.OffsetDateTime;

/** The create and regenerate responses: the key shape plus the plaintext, which is shown this once only. */
public record NewApiKeyView(long id, String name, ApiKeyView.GroupRef group, String maskedKey, String unmaskedKey,
                            OffsetDateTime createdAt, OffsetDateTime updatedAt, ApiKeyView.UpdatedBy updatedBy,
                            ApiKeyView.Revoked revoked, KeyRestrictions restrictions,
                            @JsonInclude(JsonInclude.Include.NON_NULL) ApiKeyView.Owner owner, OffsetDateTime expiresAt,
                            OffsetDateTime lastUsedAt, OffsetDateTime previousKeyExpiresAt) {

    static NewApiKeyView of(ApiKeyView v, String plaintext) {
        return new NewApiKeyView(v.id(), v.name(), v.group(), v.maskedKey(), plaintext, v.createdAt(), v.updatedAt(),
                v.updatedBy(), v.revoked(), v.restrictions(), v.owner(), v.expiresAt(), v.lastUsedAt(), v.previousKeyExpiresAt());
    }

    /** Never print the plaintext, even in a debugger's or a test failure's toString. */
    @Override public String toString() { return "NewApiKeyView[id=" + id + ", name=" + name + "]"; }
}
