package dev.latchkey.web;

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
}
