package dev.latchkey.web;

import dev.latchkey.core.Actor;

import java.util.function.BiConsumer;

/**
 * Told once about every finished HTTP request, after the response is complete. {@code route} is the matched
 * route's template ({@code /api/api-key/{id}}), never the raw path, so whoever counts by it stays bounded:
 * {@value RequestLog#UNMATCHED_API} for an /api path no route matched, {@value RequestLog#STATIC} for everything
 * else (the admin UI's files and pages).
 */
@FunctionalInterface
public interface RequestObserver {
    RequestObserver NONE = (method, route, status, seconds) -> {};

    void finished(String method, String route, int status, double seconds);

    /** As above, with who the request authenticated as (null: nobody). By default only the call above. */
    default void finished(String method, String route, int status, double seconds, Actor actorOrNull) {
        finished(method, route, status, seconds);
    }

    /** This observer, and then {@code then} told the request's actor (or null) and its status. */
    static RequestObserver withActor(RequestObserver observer, BiConsumer<Actor, Integer> then) {
        return new RequestObserver() {
            @Override
            public void finished(String method, String route, int status, double seconds) {
                observer.finished(method, route, status, seconds);
            }

            @Override
            public void finished(String method, String route, int status, double seconds, Actor actorOrNull) {
                observer.finished(method, route, status, seconds, actorOrNull);
                then.accept(actorOrNull, status);
            }
        };
    }
}
