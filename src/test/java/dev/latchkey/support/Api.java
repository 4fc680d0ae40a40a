package dev.latchkey.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.core.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tiny HTTP client for tests: one line per call, naming who calls and what status is expected.
 * {@code api.as(ADMIN).post("/api/api-key", body).expect(200)}.
 */
public final class Api {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final Map<String, String> headers;

    Api(String base, Map<String, String> headers) {
        this.base = base;
        this.headers = headers;
    }

    /** A client for a server started without TestApp (e.g. a fresh, not yet set up instance). */
    public static Api at(String base) { return new Api(base, new LinkedHashMap<>()); }

    public String base() { return base; }

    /** The headers this client sends (credentials), for tests that make their own requests (multipart, downloads). */
    public Map<String, String> headers() { return Map.copyOf(headers); }

    /** The same client with one more header on every request. */
    public Api header(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Api(base, h);
    }

    public Api as(Caller caller) { return caller.apply(new Api(base, new LinkedHashMap<>())); }

    public Api anonymous() { return new Api(base, new LinkedHashMap<>()); }

    public Api withKey(String apiKey) { return anonymous().header("X-API-Key", apiKey); }

    public Api withSession(String sessionId) { return anonymous().header("X-Metabase-Session", sessionId); }

    public Response get(String path) { return send("GET", path, null); }

    public Response delete(String path) { return send("DELETE", path, null); }

    public Response post(String path, Object body) { return send("POST", path, body); }

    public Response put(String path, Object body) { return send("PUT", path, body); }

    /** Sends a body as given: a String is sent raw (for malformed-JSON tests), anything else as JSON. */
    public Response send(String method, String path, Object body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        headers.forEach(b::header);
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            String text = body instanceof String s ? s : Json.write(body);
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(text));
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(method + " " + path, r);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Someone who makes requests: adds their credentials to a client. */
    @FunctionalInterface
    public interface Caller {
        Api apply(Api api);
    }

    public static final class Response {
        private final String what;
        private final HttpResponse<String> raw;

        Response(String what, HttpResponse<String> raw) {
            this.what = what;
            this.raw = raw;
        }

        public Response expect(int status) {
            assertThat(raw.statusCode()).as(what + " answered " + raw.body()).isEqualTo(status);
            return this;
        }

        public int status() { return raw.statusCode(); }

        public String text() { return raw.body(); }

        public JsonNode json() { return Json.read(raw.body()); }

        public String header(String name) { return raw.headers().firstValue(name).orElse(null); }

        public java.util.List<String> headers(String name) { return raw.headers().allValues(name); }

        public HttpResponse<String> raw() { return raw; }
    }
}
