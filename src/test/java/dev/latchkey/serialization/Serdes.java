package dev.latchkey.serialization;

import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Test calls to the serialization API: downloads as bytes, uploads as multipart, one line per call. */
final class Serdes {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Serdes() {}

    static HttpResponse<byte[]> export(TestApp app, Api.Caller who, String query) {
        HttpRequest.Builder b = request(app, who, "/api/ee/serialization/export" + (query.isEmpty() ? "" : "?" + query));
        return send(HTTP, b.POST(HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** An export that must succeed; returns the archive. */
    static byte[] exportOk(TestApp app, Api.Caller who, String query) {
        HttpResponse<byte[]> r = export(app, who, query);
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return r.body();
    }

    static HttpResponse<String> importArchive(TestApp app, Api.Caller who, byte[] archive, String query, Map<String, String> fields) {
        return importArchive(HTTP, app, who, archive, query, fields);
    }

    /**
     * With its own client: the server answers an oversized upload before reading it all and then closes the
     * connection, which a shared connection pool could otherwise hand to the next test.
     */
    static HttpResponse<String> importArchive(HttpClient http, TestApp app, Api.Caller who, byte[] archive, String query,
                                              Map<String, String> fields) {
        String boundary = "----latchkey" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach((k, v) -> write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n"));
        if (archive != null) {
            write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"latchkey_data.tgz\"\r\n"
                    + "Content-Type: application/gzip\r\n\r\n");
            body.writeBytes(archive);
            write(body, "\r\n");
        }
        write(body, "--" + boundary + "--\r\n");
        HttpRequest.Builder b = request(app, who, "/api/ee/serialization/import" + (query.isEmpty() ? "" : "?" + query))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        return send(http, b, HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> importArchive(TestApp app, Api.Caller who, byte[] archive) {
        return importArchive(app, who, archive, "", Map.of());
    }

    /** An import that must be refused with 400 and a log; returns the log. */
    static String importRefused(TestApp app, Api.Caller who, byte[] archive) {
        HttpResponse<String> r = importArchive(app, who, archive);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        return r.body();
    }

    static String importOk(TestApp app, Api.Caller who, byte[] archive) {
        HttpResponse<String> r = importArchive(app, who, archive);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private static HttpRequest.Builder request(TestApp app, Api.Caller who, String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.api.base() + path)).timeout(Duration.ofSeconds(120));
        app.api.as(who).headers().forEach(b::header);
        return b;
    }

    private static <T> HttpResponse<T> send(HttpClient http, HttpRequest.Builder b, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(b.build(), handler);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void write(ByteArrayOutputStream out, String s) { out.writeBytes(s.getBytes(StandardCharsets.UTF_8)); }
}
