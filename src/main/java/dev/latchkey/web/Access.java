package dev.latchkey.web;

import io.javalin.security.RouteRole;

/**
 * The access role every route names beside it. The web filter enforces it before the handler runs; the
 * service repeats the fine-grained check on its first line.
 */
public enum Access implements RouteRole {
    /** Anyone, signed in or not (health, session properties, setup, login). */
    PUBLIC,
    /** Any signed-in person or valid API key; 401 otherwise. */
    AUTHENTICATED,
    /**
     * Anyone: the route answers whether the credentials it is sent are good (forward authentication for other
     * services) and authenticates them itself, so the filter neither authenticates nor applies the same-origin
     * check (the answer changes nothing). Without valid credentials the route's answer is 401.
     */
    KEY_CHECK,
    /** Superusers only (Administrators group, person or key); 401 without credentials, 403 otherwise. */
    ADMIN
}
