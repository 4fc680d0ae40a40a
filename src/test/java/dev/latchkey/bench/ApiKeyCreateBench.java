package dev.latchkey.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Key creation through ApiKeyService.create on H2 (file database): key user, two memberships, key row and
 * audit row in one transaction, as POST /api/api-key does minus HTTP.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class ApiKeyCreateBench {
    KeyStore store;
    final AtomicLong counter = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() throws Exception { store = new KeyStore("create", 0, 0); }

    @TearDown(Level.Trial)
    public void tearDown() { store.close(); }

    @Benchmark
    public Object create() { return store.keys.create(store.admin, "created " + counter.incrementAndGet(), 1); }
}
