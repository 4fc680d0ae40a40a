package dev.latchkey.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Key creation rate on H2, as wall-clock keys/s and as keys per CPU-second of the creating thread. The second
 * figure does not depend on how busy the machine is, which on a shared machine the first one does.
 * Run with bench/create-rate.sh [warm-up count] [measured count].
 */
public final class CreateRate {
    private CreateRate() {}

    public static void main(String[] args) throws Exception {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int measured = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (KeyStore store = new KeyStore("create-rate", 0, 0)) {
            for (int i = 0; i < warmup; i++) store.keys.create(store.admin, "warm-up " + i, 1);
            long cpu0 = threads.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            for (int i = 0; i < measured; i++) store.keys.create(store.admin, "measured " + i, 1);
            double wall = (System.nanoTime() - wall0) / 1e9;
            double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
            System.out.printf("created %d keys (after %d warm-up) in %.2f s wall, %.2f s CPU of the creating thread%n",
                    measured, warmup, wall, cpu);
            System.out.printf("rate: %.0f keys/s wall-clock, %.0f keys per CPU-second (%.0f µs CPU per key)%n",
                    measured / wall, measured / cpu, cpu / measured * 1e6);
        }
    }
}
