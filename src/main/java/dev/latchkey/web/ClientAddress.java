package dev.latchkey.web;

import io.javalin.http.Context;

import java.util.List;
import java.util.Set;

/**
 * Who is on the other end of a request, for throttles (and later for key IP restrictions). Behind a reverse
 * proxy every TCP peer is the proxy, so the proxy's header (Metabase's MB_SOURCE_ADDRESS_HEADER, default
 * X-Forwarded-For) says who the client is; but any client can send that header, so it is believed only when
 * the TCP peer is a proxy the operator listed as trusted (LATCHKEY_TRUSTED_PROXIES).
 * <p>
 * With X-Forwarded-For each proxy appends the address it saw, so the entries a client can forge are on the
 * left: the client is the rightmost entry that is not itself a trusted proxy.
 */
public final class ClientAddress {
    private final String header;
    private final Set<String> trusted;
    private final boolean trustAny;

    public ClientAddress(String header, List<String> trustedProxies) {
        this.header = header;
        this.trusted = Set.copyOf(trustedProxies);
        this.trustAny = trusted.contains("*");
    }

    /** The client's address for this request: the TCP peer, or what a trusted proxy says. */
    public String resolve(Context ctx) {
        return resolve(ctx.req().getRemoteAddr(), ctx.header(header));
    }

    /** As {@link #resolve(Context)}, from the TCP peer and the header's value (null when absent). */
    public String resolve(String peer, String headerValue) {
        if (headerValue == null || headerValue.isBlank() || !isTrusted(peer)) return peer;
        String[] hops = headerValue.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = clean(hops[i]);
            if (hop.isEmpty()) continue;
            if (i == 0 || !isTrusted(hop)) return hop;
        }
        return peer;
    }

    private boolean isTrusted(String address) { return trustAny || trusted.contains(address); }

    /** One hop of the header, bounded and without a port or brackets ("[::1]:80" → "::1", "1.2.3.4:5" → "1.2.3.4"). */
    private static String clean(String hop) {
        String h = hop.trim();
        if (h.length() > 64) h = h.substring(0, 64);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 ? h.substring(1, end) : h;
        }
        int colon = h.indexOf(':');
        return colon > 0 && colon == h.lastIndexOf(':') ? h.substring(0, colon) : h;
    }
}
