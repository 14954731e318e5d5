package io.medsum.local.chaos;

import io.medsum.local.bedrock.BedrockError;
import io.medsum.local.bedrock.ModelFaults;
import java.io.PrintStream;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/** A seeded sequence of model fault episodes: throttling storms, 5xx bursts, timeouts, latency spikes, calm. */
final class FaultTimeline {
    enum Episode {
        CALM,
        THROTTLING_STORM,
        SERVER_ERRORS,
        UNAVAILABLE,
        TIMEOUTS,
        LATENCY_SPIKE,
        SUSTAINED_OUTAGE
    }

    private final ModelFaults faults;
    private final Random random;
    private final int attemptTimeoutMs;
    private final Map<Episode, Integer> counts = new EnumMap<>(Episode.class);
    private volatile long outageUntilNanos;

    FaultTimeline(ModelFaults faults, long seed, int attemptTimeoutMs) {
        this.faults = faults;
        this.random = new Random(seed);
        this.attemptTimeoutMs = attemptTimeoutMs;
    }

    /**
     * Model access denied for longer than the worker's whole retry budget: the reports it hits end FAILED with
     * MODEL_ACCESS_DENIED and their messages in the DLQ, so that path is exercised every run.
     */
    synchronized void sustainedOutage(Duration length) {
        outageUntilNanos = System.nanoTime() + length.toNanos();
        faults.clear();
        faults.errorRate(1.0).errorKind(BedrockError.ACCESS_DENIED);
        counts.merge(Episode.SUSTAINED_OUTAGE, 1, Integer::sum);
    }

    /** Switches to the next episode and returns it (an outage in progress runs to its end first). */
    synchronized Episode next() {
        if (System.nanoTime() < outageUntilNanos) {
            return Episode.SUSTAINED_OUTAGE;
        }
        double draw = random.nextDouble();
        Episode episode = draw < 0.40
                ? Episode.CALM
                : draw < 0.55
                        ? Episode.THROTTLING_STORM
                        : draw < 0.68
                                ? Episode.SERVER_ERRORS
                                : draw < 0.75
                                        ? Episode.UNAVAILABLE
                                        : draw < 0.85 ? Episode.TIMEOUTS : Episode.LATENCY_SPIKE;
        faults.clear();
        switch (episode) {
            case THROTTLING_STORM -> faults.errorRate(1.0).errorKind(BedrockError.THROTTLING);
            case SERVER_ERRORS -> faults.errorRate(0.5).errorKind(BedrockError.INTERNAL_SERVER);
            case UNAVAILABLE -> faults.errorRate(0.3).errorKind(BedrockError.SERVICE_UNAVAILABLE);
            // Longer than the worker's attempt timeout: the SDK gives up first, as with a hung connection.
            case TIMEOUTS -> faults.timeoutMs(attemptTimeoutMs + 500L).errorRate(0);
            case LATENCY_SPIKE -> faults.latencyMs(400 + random.nextInt(800));
            case CALM -> {}
        }
        counts.merge(episode, 1, Integer::sum);
        return episode;
    }

    synchronized void calm() {
        outageUntilNanos = 0;
        faults.clear();
    }

    void print(PrintStream out) {
        out.println("  fault episodes: " + counts);
    }
}
