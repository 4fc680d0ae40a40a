package dev.latchkey.apikeys;

import dev.latchkey.core.AccessDecision;
import dev.latchkey.core.Restriction;

import java.util.List;

/**
 * A key's restrictions compiled for the hot path (address blocks parsed once, when the key is loaded into the cache)
 * and the rule that applies them to one request, in this order, each refusal ending the check:
 * <ol>
 *   <li>{@code allowed_ips}: the client's address outside every block → 401 Unauthenticated;</li>
 *   <li>{@code read_only}: a method other than GET/HEAD → 403;</li>
 *   <li>{@code allowed_paths}: a path under none of the prefixes (segment-wise: /api/card allows /api/card/5, not
 *       /api/cards) or one that cannot be compared safely (encoded slash, dot segments) → 403;</li>
 *   <li>{@code rate_limit}: no token left → 429 with Retry-After; allowed requests carry RateLimit-* too.</li>
 * </ol>
 * Refused requests do not use up the rate limit. The route's own access check runs after an allow, so nothing here
 * can widen a key.
 */
final class RestrictedKey implements Restriction {
    private final KeyRestrictions restrictions;
    private final List<KeyRestrictions.Cidr> blocks;
    private final String bucketId;
    /** Epoch ms the key's rate-limit windows are counted from: its creation. */
    private final long windowsFrom;
    private final KeyRateLimiter limiter;
    /** The last client address checked and its verdict: a key is mostly used from one place, and parsing costs. */
    private volatile AddressVerdict lastAddress = new AddressVerdict("", false);

    private record AddressVerdict(String client, boolean allowed) {}

    private RestrictedKey(long keyRowId, long createdAt, KeyRestrictions restrictions, KeyRateLimiter limiter) {
        this.restrictions = restrictions;
        this.windowsFrom = createdAt;
        this.blocks = restrictions.allowedIps().stream().map(KeyRestrictions.Cidr::parse).toList();
        this.limiter = limiter;
        this.bucketId = restrictions.rateLimit() == null ? null : KeyRateLimiter.bucketId(keyRowId, restrictions.rateLimit());
    }

    /** The restriction for a key: {@link Restriction#NONE} when it has none, so unrestricted keys pay nothing. */
    static Restriction of(long keyRowId, long createdAt, KeyRestrictions restrictions, KeyRateLimiter limiter) {
        return restrictions.isNone() ? Restriction.NONE : new RestrictedKey(keyRowId, createdAt, restrictions, limiter);
    }

    @Override
    public AccessDecision check(String method, String path, String client) {
        if (!blocks.isEmpty() && !addressAllowed(client)) return AccessDecision.unauthenticated();
        if (restrictions.readOnly() && !"GET".equals(method) && !"HEAD".equals(method)) return AccessDecision.forbidden();
        if (!restrictions.allowedPaths().isEmpty() && !pathAllowed(restrictions.allowedPaths(), path)) return AccessDecision.forbidden();
        if (bucketId == null) return AccessDecision.ALLOW;
        KeyRateLimiter.Probe probe = limiter.consume(bucketId, restrictions.rateLimit(), windowsFrom);
        return probe.allowed() ? AccessDecision.allow(probe.headers()) : AccessDecision.tooManyRequests(probe.headers(), probe.retryAfterSeconds());
    }

    private boolean addressAllowed(String client) {
        if (client == null) return false;
        AddressVerdict last = lastAddress;
        if (last.client.equals(client)) return last.allowed;
        byte[] address = KeyRestrictions.Cidr.literal(client);
        boolean allowed = false;
        if (address != null) for (KeyRestrictions.Cidr block : blocks) allowed |= block.contains(address);
        lastAddress = new AddressVerdict(client, allowed);
        return allowed;
    }

    /** Whether a request path is under one of the prefixes (both normalised; an unusable path never is). */
    static boolean pathAllowed(List<String> prefixes, String path) {
        String p = KeyRestrictions.normalizePath(path);
        if (p == null) return false;
        for (String prefix : prefixes) {
            if (p.equals(prefix) || (p.startsWith(prefix) && p.charAt(prefix.length()) == '/')) return true;
        }
        return false;
    }
}
