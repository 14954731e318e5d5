package io.medsum.local.chaos;

import io.medsum.local.bedrock.BedrockError;
import io.medsum.local.bedrock.ModelFaults;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/** A seeded sequence of model fault episodes: throttling storms, 5xx bursts, timeouts, latency spikes, calm. */
final class FaultTimeline {
    enum Episode { CALM, THROTTLING_STORM, SERVER_ERRORS, UNAVAILABLE, TIMEOUTS, LATENCY_SPIKE }

    private final ModelFaults faults;
    private final Random random;
    private final int attemptTimeoutMs;
    private final Map<Episode, Integer> counts = new EnumMap<>(Episode.class);

    FaultTimeline(ModelFaults faults, long seed, int attemptTimeoutMs) {
        this.faults = faults;
        this.random = new Random(seed);
        this.attemptTimeoutMs = attemptTimeoutMs;
    }

    /** Switches to the next episode and returns it. */
    Episode next() {
        double draw = random.nextDouble();
        Episode episode = draw < 0.40 ? Episode.CALM
                : draw < 0.55 ? Episode.THROTTLING_STORM
                : draw < 0.68 ? Episode.SERVER_ERRORS
                : draw < 0.75 ? Episode.UNAVAILABLE
                : draw < 0.85 ? Episode.TIMEOUTS
                : Episode.LATENCY_SPIKE;
        faults.clear();
        switch (episode) {
            case THROTTLING_STORM -> faults.errorRate(1.0).errorKind(BedrockError.THROTTLING);
            case SERVER_ERRORS -> faults.errorRate(0.5).errorKind(BedrockError.INTERNAL_SERVER);
            case UNAVAILABLE -> faults.errorRate(0.3).errorKind(BedrockError.SERVICE_UNAVAILABLE);
            // Longer than the worker's attempt timeout: the SDK gives up first, as with a hung connection.
            case TIMEOUTS -> faults.timeoutMs(attemptTimeoutMs + 500L).errorRate(0);
            case LATENCY_SPIKE -> faults.latencyMs(400 + random.nextInt(800));
            case CALM -> { }
        }
        counts.merge(episode, 1, Integer::sum);
        return episode;
    }

    void calm() {
        faults.clear();
    }

    void print(PrintStream out) {
        out.println("  fault episodes: " + counts);
    }
}
