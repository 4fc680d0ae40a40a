package dev.latchkey.robust;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.core.Json;
import dev.latchkey.robust.Spec.Who;
import dev.latchkey.support.TestApp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** One test's requests: sends them as a caller, and records every wrong answer and every refused write. */
final class Run {
    final Fixtures fx;
    private final String name;
    private final Wire wire;
    private final DbState state;
    private final Callers callers;
    private final List<String> problems = new ArrayList<>();
    private Map<String, List<String>> last;
    private int lastWrites = -1;
    private int sent;
    private int snapshots;
    private long snapshotNanos, sendNanos;

    Run(String name, TestApp app, Wire wire, DbState state, Callers callers) {
        this.name = name;
        this.wire = wire;
        this.state = state;
        this.callers = callers;
        this.fx = new Fixtures(app, () -> callers.api(Who.ADMIN));
    }

    Wire.Request valid(Spec spec, Who who) {
        ObjectNode body = spec.body() == null ? null : spec.body().apply(fx);
        return json(spec, who, body);
    }

    Wire.Request json(Spec spec, Who who, ObjectNode body) {
        return Wire.Request.json(spec.method(), spec.fill(spec.pathParams().apply(fx, who)), body == null ? null : Json.write(body));
    }

    Wire.Request withBody(Spec spec, Who who, byte[] body) {
        return new Wire.Request(spec.method(), spec.fill(spec.pathParams().apply(fx, who)), Map.of(), "application/json", body);
    }

    Wire.Reply send(Who who, Spec spec, Wire.Request r) {
        boolean check = r.mutating() && spec.admits(who);
        if (check && (last == null || fx.writes() != lastWrites || callers.changed())) {
            last = snapshot();
            lastWrites = fx.writes();
        }
        long t0 = System.nanoTime();
        Wire.Reply reply = wire.send(r.withHeaders(callers.headers(who)));
        sendNanos += System.nanoTime() - t0;
        sent++;
        String p = WireShape.problem(reply);
        if (p != null) problem(who, r, p);
        if (check) {
            var now = snapshot();
            if (reply.refused() && !now.equals(last)) problem(who, r, reply.status() + " but wrote " + DbState.diff(last, now));
            last = now;
        }
        return reply;
    }

    private Map<String, List<String>> snapshot() {
        long t0 = System.nanoTime();
        var s = state.snapshot();
        snapshots++;
        snapshotNanos += System.nanoTime() - t0;
        return s;
    }

    void problem(Who who, Wire.Request r, String what) { problems.add(who + " " + r.describe() + "\n      -> " + what); }

    /** A route may have signed a caller out or revoked its key: sign in again so the next route starts clean. */
    void afterRoute(Spec spec) {
        String broken = callers.repair();
        if (broken != null) problems.add("after " + spec.key() + ": " + broken);
    }

    /** Fails with every problem found; {@code atLeast} guards against a matrix that silently shrank to nothing. */
    void assertClean(int atLeast) {
        assertThat(sent).as(name + " requests sent").isGreaterThanOrEqualTo(atLeast);
        System.out.printf("%s: %d requests in %d ms, %d snapshots in %d ms%n", name, sent, sendNanos / 1_000_000, snapshots, snapshotNanos / 1_000_000);
        String all = problems.stream().limit(60).collect(Collectors.joining("\n  "));
        assertThat(problems).as(name + ": " + problems.size() + " problems in " + sent + " requests:\n  " + all).isEmpty();
    }
}
