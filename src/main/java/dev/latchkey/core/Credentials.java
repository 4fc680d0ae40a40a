package dev.latchkey.core;

/** What a request presented: a session id (cookie or header) and/or an API key. Either may be null. */
public record Credentials(String sessionId, boolean sessionFromCookie, String apiKey) {}
