package io.medsum.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The model check of GET /health: the configured model's lifecycle, cached so health probes never turn into a stream of
 * control-plane calls. A failed read is kept for a shorter time than a good one.
 */
final class ModelHealth {
    static final Duration READ_TTL = Duration.ofMinutes(5);
    static final Duration UNVERIFIED_TTL = Duration.ofMinutes(1);

    private final String modelId;
    private final ModelLifecycleReader reader;
    private final Clock clock;
    private volatile Cached cached;

    private record Cached(ModelLifecycle lifecycle, Instant until) {}

    ModelHealth(String modelId, ModelLifecycleReader reader, Clock clock) {
        this.modelId = modelId;
        this.reader = reader;
        this.clock = clock;
    }

    public ModelLifecycle current() {
        Cached now = cached;
        if (now != null && clock.instant().isBefore(now.until())) {
            return now.lifecycle();
        }
        ModelLifecycle read = reader.read(modelId);
        Duration ttl = read.status() == ModelLifecycle.Status.UNVERIFIED ? UNVERIFIED_TTL : READ_TTL;
        cached = new Cached(read, clock.instant().plus(ttl));
        return read;
    }

    /** Drops the cached read: SnapStart priming reads in a dry run, whose result must not outlive the snapshot. */
    void forget() {
        cached = null;
    }
}
