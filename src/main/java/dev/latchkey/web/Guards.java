package dev.latchkey.web;

import dev.latchkey.db.Availability;

/**
 * What the web layer needs to protect the server: who the client is (throttles) and whether the application
 * database can be reached (503 answers and /api/health). Availability is null when there is no database to ask.
 */
public record Guards(ClientAddress clientAddress, Availability availability) {
    /** No trusted proxy, no database probe. */
    public static Guards none() { return new Guards(new ClientAddress("X-Forwarded-For", java.util.List.of()), null); }
}
