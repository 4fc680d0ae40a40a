package dev.latchkey.web;

import dev.latchkey.core.AppError;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Jetty answers a few requests itself, before Javalin sees them: a URI it refuses (an encoded NUL, an ambiguous
 * path), a request line or header over its limits. Its default page is HTML naming the server; clients of /api
 * expect Metabase's plain-text errors, so these get the same short plain-text bodies the Web mapper writes
 * (a 400 says "Bad Request.", 414 "URI Too Long.").
 */
final class PlainErrorHandler extends ErrorHandler {
    /** Jetty writes no body at all for PUT or DELETE by default; an API client deserves the reason on every method. */
    @Override
    public boolean errorPageForMethod(String method) { return true; }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        // Jetty drops the connection after refusing a URI; say so, or a keep-alive client sends its next request
        // into the closed socket and sees no answer at all.
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.write(true, ByteBuffer.wrap(text(code).getBytes(StandardCharsets.UTF_8)), callback);
    }

    /** Errors the HTTP parser finds (bad request line, headers too large): the connection then closes. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8"));
        return ByteBuffer.wrap(text(status).getBytes(StandardCharsets.UTF_8));
    }

    static String text(int code) {
        return switch (code) {
            case 401 -> AppError.UNAUTHENTICATED;
            case 403 -> AppError.FORBIDDEN;
            case 404 -> AppError.NOT_FOUND;
            default -> {
                String reason = HttpStatus.getMessage(code);
                yield reason == null ? "Invalid Request." : reason + ".";
            }
        };
    }
}
