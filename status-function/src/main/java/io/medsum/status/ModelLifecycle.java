package io.medsum.status;

import java.time.Instant;
import java.util.Optional;

/**
 * Where the configured model stands on Bedrock, as its control plane says: what GET /health shows and the scheduled
 * model watch turns into a metric.
 *
 * @param endOfLife the end-of-life date Bedrock gives (set once a model is LEGACY), earliest over a profile's models
 */
record ModelLifecycle(String modelId, Status status, Optional<Instant> endOfLife) {

    public enum Status {
        /** Every model behind the id is Active. */
        ACTIVE,
        /** Still answers, but has an end-of-life date: switch models before it (docs/deploy.md runbook). */
        LEGACY,
        /** Bedrock does not know the id here: end of life, a wrong id, or a region the model is not in. */
        NOT_FOUND,
        /** The control plane could not be read (throttled, denied, unreachable); says nothing about the model. */
        UNVERIFIED;

        /** The worker's calls will fail: health is degraded. */
        public boolean breaksSummaries() {
            return this == NOT_FOUND;
        }

        /** The model needs an operator's attention: the watch's ModelNotActive metric is 1. */
        public boolean needsAttention() {
            return this == LEGACY || this == NOT_FOUND;
        }

        /** How bad, for combining a profile's models: the worst wins. */
        int severity() {
            return switch (this) {
                case ACTIVE -> 0;
                case UNVERIFIED -> 1;
                case LEGACY -> 2;
                case NOT_FOUND -> 3;
            };
        }
    }

    public static ModelLifecycle unverified(String modelId) {
        return new ModelLifecycle(modelId, Status.UNVERIFIED, Optional.empty());
    }

    public static ModelLifecycle notFound(String modelId) {
        return new ModelLifecycle(modelId, Status.NOT_FOUND, Optional.empty());
    }

    /** The worse status of the two, and the earlier end of life. */
    ModelLifecycle worst(ModelLifecycle other) {
        Status status = other.status.severity() > this.status.severity() ? other.status : this.status;
        Optional<Instant> earliest = endOfLife.isEmpty()
                ? other.endOfLife
                : other.endOfLife.filter(o -> o.isBefore(endOfLife.get())).or(() -> endOfLife);
        return new ModelLifecycle(modelId, status, earliest);
    }
}
