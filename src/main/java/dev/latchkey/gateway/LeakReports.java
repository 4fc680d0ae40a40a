package dev.latchkey.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.apikeys.ApiKeyService;
import dev.latchkey.core.AppError;
import dev.latchkey.core.Hashing;
import dev.latchkey.core.Json;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Secret-scanning reports (GitHub's partner program): a signed JSON array of {@code {token, type, url, source}}.
 * A report is believed only when signed by a configured key ({@link SigningKeys}); then, in one transaction
 * ({@link ApiKeyService#revokeLeaked}), every reported token that is a key's current secret revokes the key, and one
 * that is a previous secret still in its regenerate grace window ends that window (the current secret stays). The
 * answer is GitHub's feedback: per token its SHA-256 (hex), its type and true_positive (a secret acted on, or a key
 * revoked before) or false_positive. Each client address
 * may send {@value #PER_MINUTE} reports a minute (signed or not); more get 429 with Retry-After.
 */
public final class LeakReports {
    static final int PER_MINUTE = 60;
    static final int MAX_TOKENS = 1000;
    static final int MAX_BODY_BYTES = 1 << 20;
    private static final int MAX_CLIENTS = 100_000;

    private final ApiKeyService keys;
    private final SigningKeys signingKeys;
    private final TimeMeter clock;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(2)).maximumSize(MAX_CLIENTS).build();

    /** {@code millis} is the app's clock, so tests can let the rate window pass without sleeping. */
    public LeakReports(ApiKeyService keys, SigningKeys signingKeys, LongSupplier millis) {
        this.keys = keys;
        this.signingKeys = signingKeys;
        this.clock = new TimeMeter() {
            @Override public long currentTimeNanos() { return TimeUnit.MILLISECONDS.toNanos(millis.getAsLong()); }
            @Override public boolean isWallClockBased() { return true; }
        };
    }

    /** GitHub's feedback for one reported token. */
    public record Feedback(String tokenHash, String tokenType, String label) {}

    /** Rate limit, then signature (401, nothing revoked), then the payload (400), then revocation. */
    public List<Feedback> report(byte[] body, String keyIdentifier, String signature, String client) {
        throttle(client);
        if (body.length > MAX_BODY_BYTES) throw AppError.tooLarge("Request body is too large.");
        if (!signingKeys.verify(keyIdentifier, signature, body)) throw AppError.unauthenticated();
        List<ApiKeyService.LeakReport> reports = parse(body);
        List<Boolean> found = keys.revokeLeaked(reports);
        List<Feedback> out = new ArrayList<>(reports.size());
        for (int i = 0; i < reports.size(); i++) {
            ApiKeyService.LeakReport r = reports.get(i);
            out.add(new Feedback(Hashing.sha256Hex(r.token()), r.type(), found.get(i) ? "true_positive" : "false_positive"));
        }
        return out;
    }

    private void throttle(String client) {
        Bucket bucket = buckets.get(client == null ? "" : client, c -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(PER_MINUTE).refillIntervally(PER_MINUTE, Duration.ofMinutes(1)).build())
                .withCustomTimePrecision(clock).build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) return;
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
        throw AppError.tooManyRequests(null, "Too many leak reports. Retry after " + seconds + " seconds.", seconds);
    }

    /** A JSON array of objects whose token is a string; type, url and source are optional strings. */
    static List<ApiKeyService.LeakReport> parse(byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw AppError.badRequest("The report must be a JSON array of {\"token\", \"type\", \"url\", \"source\"}.");
        }
        if (root == null || !root.isArray() || root.size() > MAX_TOKENS) {
            throw AppError.badRequest("The report must be a JSON array of at most " + MAX_TOKENS + " {\"token\", \"type\", \"url\", \"source\"}.");
        }
        List<ApiKeyService.LeakReport> out = new ArrayList<>(root.size());
        for (JsonNode item : root) {
            if (!item.isObject() || !item.path("token").isTextual()) {
                throw AppError.badRequest("Every reported item must be an object with a string \"token\".");
            }
            out.add(new ApiKeyService.LeakReport(item.get("token").asText(), text(item, "type"), text(item, "url"), text(item, "source")));
        }
        return out;
    }

    private static String text(JsonNode item, String field) {
        JsonNode v = item.get(field);
        return v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
    }
}
