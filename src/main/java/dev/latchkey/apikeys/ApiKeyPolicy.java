package dev.latchkey.apikeys;

import dev.latchkey.core.AppError;

import java.util.function.Supplier;

/**
 * The admin's key-lifetime policy, the setting {@value #SETTING} (env MB_API_KEY_MAX_LIFETIME_DAYS): when set, every
 * key created or updated must expire, at most that many days ahead. Without it keys may live forever, as in
 * Metabase. Existing keys are never changed by the policy; {@link #exceeds} tells which ones it would refuse.
 */
public final class ApiKeyPolicy {
    public static final String SETTING = "api-key-max-lifetime-days";
    public static final long MAX_DAYS = 36_500;
    static final long MILLIS_PER_DAY = 86_400_000L;

    private final Supplier<String> maxDaysSetting;

    /** {@code maxDaysSetting}: the setting's value in force (text), null when not set. */
    public ApiKeyPolicy(Supplier<String> maxDaysSetting) { this.maxDaysSetting = maxDaysSetting; }

    /** No policy (keys may live forever). */
    public static ApiKeyPolicy none() { return new ApiKeyPolicy(() -> null); }

    /** The maximum lifetime in days, or null when there is no policy. */
    public Long maxDays() {
        String v = maxDaysSetting.get();
        return v == null || v.isBlank() ? null : Long.parseLong(v.trim());
    }

    /**
     * Checks a key's expiry (epoch ms, null = never) as it will be after a create or update at {@code now}: in the
     * future when it is being set, and within the policy. 400 on expires_at otherwise.
     */
    void check(Long expiresAt, boolean beingSet, long now) {
        if (beingSet && expiresAt != null && expiresAt <= now) throw AppError.field("expires_at", "expires_at must be in the future.");
        Long max = maxDays();
        if (max == null) return;
        if (expiresAt == null) {
            throw AppError.field("expires_at", "API keys must expire within " + max + " days (" + SETTING + "): set expires_at.");
        }
        if (exceeds(expiresAt, max, now)) {
            throw AppError.field("expires_at", "API keys must expire within " + max + " days (" + SETTING + ").");
        }
    }

    /** Whether a key expiring at expiresAt (null = never) lives longer than the policy allows from now. */
    static boolean exceeds(Long expiresAt, long maxDays, long now) {
        return expiresAt == null || expiresAt > now + maxDays * MILLIS_PER_DAY;
    }
}
