package dev.latchkey.apikeys;

/** One UTC day of GET /api/api-key/:id/usage: requests the key authenticated, and how many a later rule denied. */
public record KeyUsageDay(String date, long requests, long denied) {}
