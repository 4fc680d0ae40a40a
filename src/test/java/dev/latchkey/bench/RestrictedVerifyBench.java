package dev.latchkey.bench;

import dev.latchkey.apikeys.KeyRestrictions;
import dev.latchkey.core.AccessDecision;
import dev.latchkey.core.Actor;
import dev.latchkey.core.Credentials;
import dev.latchkey.core.RestrictionCheck;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Issue 14: a cache-hit verification plus the restriction check, as the web filter runs them for every request
 * (Authenticator → RestrictionCheck.check), for a key with every restriction active (read-only, 3 path prefixes,
 * 3 address blocks incl. IPv6, a rate limit on H2's in-memory Bucket4j bucket, large enough never to refuse) and,
 * as the baseline in the same run, for an unrestricted key. Goal: restricted median ≤ 1.5 µs.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RestrictedVerifyBench {

    @State(Scope.Benchmark)
    public static class Keys {
        KeyStore store;
        Credentials plain;
        Credentials restricted;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            store = new KeyStore("restricted-" + UUID.randomUUID(), 0, 0);
            KeyRestrictions all = new KeyRestrictions(true, List.of("/api/card", "/api/collection", "/api/dashboard"),
                    List.of("10.0.0.0/8", "192.168.1.0/24", "2001:db8::/32"), new KeyRestrictions.RateLimit(1_000_000, 1));
            plain = new Credentials(null, false, store.keys.create(store.admin, "plain", 1).unmaskedKey());
            restricted = new Credentials(null, false, store.keys.create(store.admin, "restricted", 1, all).unmaskedKey());
            if (!check(restricted).allowed() || !check(plain).allowed()) throw new IllegalStateException("the benchmark request must be allowed");
        }

        AccessDecision check(Credentials c) {
            Actor actor = store.authenticator.authenticate(c).orElseThrow();
            return RestrictionCheck.check(actor, "GET", "/api/collection/42/items", "10.1.2.3");
        }

        @TearDown(Level.Trial)
        public void tearDown() { store.close(); }
    }

    @Benchmark
    public AccessDecision unrestricted(Keys k) { return k.check(k.plain); }

    @Benchmark
    public AccessDecision allRestrictions(Keys k) { return k.check(k.restricted); }
}
