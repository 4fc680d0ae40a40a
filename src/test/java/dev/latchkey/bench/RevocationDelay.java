package dev.latchkey.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.Api;
import dev.latchkey.support.TestApp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Revocation delay across two instances on one database (LATCHKEY_TEST_DB=postgres|mariadb): a key is cached on
 * instance B (a client thread calls it on B without pause), the key is deleted through instance A, and the delay is
 * the time from sending the delete to B's first 401, and from the delete's response to B's first 401 (negative:
 * B refused before A answered), and the moment B's cache dropped the key (its invalidation listener, same JVM).
 * Not a test; run with bench/revocation.sh.
 */
public final class RevocationDelay {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        TestApp a = TestApp.start();
        TestApp b = a.peer();
        try {
            Thread.sleep(2_000); // both channels connected, each instance has heard the other
            List<Long> fromSend = new ArrayList<>();
            List<Long> fromReturn = new ArrayList<>();
            List<Long> appliedFromReturn = new ArrayList<>();
            java.util.concurrent.ConcurrentHashMap<String, Long> dropped = new java.util.concurrent.ConcurrentHashMap<>();
            b.app.invalidations().subscribe(inv -> {
                if (inv instanceof dev.latchkey.cluster.Invalidation.Key key) dropped.putIfAbsent(key.keyId(), System.nanoTime());
            });
            for (int i = 0; i < n; i++) {
                JsonNode k = a.api.as(a.admin).post("/api/api-key", Map.of("name", "bench " + i, "group_id", 1)).expect(200).json();
                Api onB = b.api.withKey(k.get("unmasked_key").asText());
                onB.get("/api/user/current").expect(200);
                AtomicLong firstRefusal = new AtomicLong();
                Thread client = new Thread(() -> {
                    while (onB.get("/api/user/current").status() == 200) Thread.onSpinWait();
                    firstRefusal.set(System.nanoTime());
                });
                client.start();
                Thread.sleep(5);
                long sent = System.nanoTime();
                a.api.as(a.admin).delete("/api/api-key/" + k.get("id").asLong()).expect(204);
                long returned = System.nanoTime();
                client.join(10_000);
                fromSend.add((firstRefusal.get() - sent) / 1_000);
                fromReturn.add((firstRefusal.get() - returned) / 1_000);
                String keyId = k.get("unmasked_key").asText().substring(3, 17);
                appliedFromReturn.add((dropped.getOrDefault(keyId, Long.MAX_VALUE / 2) - returned) / 1_000);
            }
            print("from sending the delete to B's first 401", fromSend);
            print("from the delete's response to B's first 401", fromReturn);
            print("from the delete's response to B dropping the key (negative: before the response)", appliedFromReturn);
            System.out.printf("B dropped the key before A answered the delete in %d of %d revocations%n",
                    appliedFromReturn.stream().filter(d -> d <= 0).count(), n);
        } finally {
            b.stopPeer();
            a.close();
        }
    }

    static void print(String label, List<Long> micros) {
        List<Long> d = new ArrayList<>(micros);
        Collections.sort(d);
        System.out.printf("%s (%d revocations): p50 %.1f ms, p99 %.1f ms, max %.1f ms, min %.1f ms%n", label, d.size(),
                d.get(d.size() / 2) / 1000.0, d.get((int) Math.ceil(d.size() * 0.99) - 1) / 1000.0,
                d.get(d.size() - 1) / 1000.0, d.get(0) / 1000.0);
    }
}
