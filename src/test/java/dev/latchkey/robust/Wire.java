package dev.latchkey.robust;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Raw HTTP for hostile requests: any method, any bytes, any content type, any header, a path sent exactly as
 * given. Api (support/) always sends JSON; these tests need to send what a broken or malicious client sends.
 */
final class Wire {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String base;

    Wire(String base) { this.base = base; }

    /** What came back; {@code status} is -1 when the server dropped the connection instead of answering. */
    record Reply(int status, String contentType, String body) {
        boolean refused() { return status >= 400; }
    }

    /** A request as sent, for failure messages and replays. */
    record Request(String method, String path, Map<String, String> headers, String contentType, byte[] body) {
        static Request json(String method, String path, String json) {
            return new Request(method, path, Map.of(), json == null ? null : "application/json",
                    json == null ? null : json.getBytes(StandardCharsets.UTF_8));
        }

        Request withHeaders(Map<String, String> more) {
            Map<String, String> all = new java.util.LinkedHashMap<>(headers);
            all.putAll(more);
            return new Request(method, path, all, contentType, body);
        }

        boolean mutating() { return !method.equals("GET"); }

        String describe() {
            String shown = body == null ? "" : new String(body, 0, Math.min(body.length, 160), StandardCharsets.UTF_8)
                    .replace("\u0000", "\\u0000");
            if (body != null && body.length > 160) shown += "…(" + body.length + " bytes)";
            String path = this.path.length() > 160 ? this.path.substring(0, 160) + "…" : this.path;
            return method + " " + path + (contentType == null ? "" : " [" + contentType + "] " + shown);
        }
    }

    Reply send(Request r) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + r.path())).timeout(Duration.ofSeconds(60));
        r.headers().forEach(b::header);
        if (r.contentType() != null) b.header("Content-Type", r.contentType());
        b.method(r.method(), r.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(r.body()));
        try {
            HttpResponse<String> res = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(res.statusCode(), res.headers().firstValue("Content-Type").orElse(""), res.body());
        } catch (IOException e) {
            return new Reply(-1, "", String.valueOf(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
