package dev.latchkey.core;

/**
 * The one home of the rule "may this authenticated caller make this request, given its key's restrictions": the
 * web filter calls it for every authenticated /api request, and forward authentication (/api/auth/verify) calls it
 * with the forwarded method, path and client address. Sessions carry no restriction and are always allowed.
 */
public final class RestrictionCheck {
    private RestrictionCheck() {}

    public static AccessDecision check(Actor actor, String method, String path, String clientAddress) {
        return actor.restriction().check(method, path, clientAddress);
    }
}
