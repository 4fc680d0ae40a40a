package dev.latchkey.bench;

import dev.latchkey.core.Credentials;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.security.crypto.bcrypt.BCrypt;

import java.util.concurrent.TimeUnit;

/**
 * Verification of a valid X-API-Key (the whole Authenticator: parse, checksum, cache, SHA-256, constant-time
 * compare), with 1,000 and 1,000,000 keys stored, next to one bcrypt cost-10 check (Metabase's per-request cost).
 * <ul>
 *   <li>hit: keys cycled from a sample that is in the cache;</li>
 *   <li>miss: the same, but the key's entry is evicted before each call (through UserEvents, as a membership
 *       change would), so each call runs the indexed database lookup.</li>
 * </ul>
 * Both sizes cycle through the same number of keys ({@value #SAMPLE}), so they differ only in what is stored and
 * cached: the 1M case warms the cache with 150,000 keys first, so hits are measured on a well-filled cache.
 * unknownKey and wrongSecret are the two failures that must not be told apart (both after their first call).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ApiKeyVerifyBench {
    static final int SAMPLE = 1000;

    @State(Scope.Benchmark)
    public static class Keys {
        @Param({"1000", "1000000"})
        public int keys;

        KeyStore store;
        Credentials[] credentials;
        Credentials[] unknown;
        Credentials[] wrong;
        long[] userIds;
        int next;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            int sample = Math.min(keys, SAMPLE);
            int warm = Math.min(keys, 150_000);
            store = new KeyStore("verify-" + keys, keys, warm);
            credentials = new Credentials[sample];
            unknown = new Credentials[sample];
            wrong = new Credentials[sample];
            userIds = new long[sample];
            dev.latchkey.apikeys.ApiKeySecrets secrets = new dev.latchkey.apikeys.ApiKeySecrets();
            for (int i = 0; i < warm; i++) {
                Credentials c = new Credentials(null, false, store.sampleKeys.get(i));
                if (store.authenticator.authenticate(c).isEmpty()) throw new IllegalStateException("bulk key " + i + " does not verify");
                if (i < sample) {
                    credentials[i] = c;
                    userIds[i] = store.sampleUserIds.get(i);
                    unknown[i] = new Credentials(null, false, secrets.generate().plaintext());
                    wrong[i] = new Credentials(null, false, withOtherSecret(store.sampleKeys.get(i), secrets.generate().plaintext()));
                }
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() { store.close(); }

        Credentials next() { return credentials[advance()]; }

        int advance() {
            next = (next + 1) % credentials.length;
            return next;
        }

        /** The stored key's id with another (well-formed, checksummed) secret. */
        static String withOtherSecret(String key, String other) {
            String body = key.substring(0, 18) + other.substring(18, 61);
            return body + dev.latchkey.bench.Checksum.of(body);
        }
    }

    /** Evicts the key the next miss call will use; JMH does not time this. */
    @State(Scope.Thread)
    public static class Evicted {
        @Setup(Level.Invocation)
        public void evict(Keys k) {
            int upcoming = (k.next + 1) % k.credentials.length;
            k.store.events.changed(k.userIds[upcoming]);
        }
    }

    @State(Scope.Benchmark)
    public static class Bcrypt {
        final String password = "a password of a usual length";
        final String hash = BCrypt.hashpw(password, BCrypt.gensalt(10));
    }

    @Benchmark
    public Object hit(Keys k) { return k.store.authenticator.authenticate(k.next()).orElseThrow(); }

    @Benchmark
    public Object miss(Keys k, Evicted e) { return k.store.authenticator.authenticate(k.next()).orElseThrow(); }

    @Benchmark
    public boolean unknownKey(Keys k) {
        if (k.store.authenticator.authenticate(k.unknown[k.advance()]).isPresent()) throw new IllegalStateException();
        return false;
    }

    @Benchmark
    public boolean wrongSecret(Keys k) {
        if (k.store.authenticator.authenticate(k.wrong[k.advance()]).isPresent()) throw new IllegalStateException();
        return false;
    }

    @Benchmark
    public boolean bcryptCost10(Bcrypt b) { return BCrypt.checkpw(b.password, b.hash); }
}
