package io.medsum.local.bedrock;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * Fault switches for the local Bedrock stand-in, safe to flip from a test thread while requests are in flight. Setters
 * return this so a scenario reads as one chain: {@code server.faults().requestsPerMinute(10).latencyMs(200)}.
 *
 * <p>A fresh instance is healthy: no latency, no quota, no errors, no timeouts, natural stop reasons and every model in
 * its catalogue lifecycle state.
 */
public final class ModelFaults {
    public static final long DEFAULT_ERROR_SEED = 42L;
    public static final Duration DEFAULT_QUOTA_WINDOW = Duration.ofMinutes(1);

    private volatile long latencyMs;
    private volatile int requestsPerMinute;
    private volatile Duration quotaWindow = DEFAULT_QUOTA_WINDOW;
    private volatile double errorRate;
    private volatile BedrockError errorKind = BedrockError.INTERNAL_SERVER;
    private volatile long timeoutMs;
    private volatile ModelStopReason stopReason;
    private volatile LifecycleOverride lifecycleOverride;

    /** Guarded by itself: the draws of one seed must form one sequence, whichever thread draws. */
    private final Random errorDraws = new Random(DEFAULT_ERROR_SEED);

    /**
     * Model inference time, added to every call that reaches the model (not to rejected ones, which Bedrock answers at
     * once).
     */
    public ModelFaults latencyMs(long latencyMs) {
        this.latencyMs = requireNonNegative(latencyMs, "latencyMs");
        return this;
    }

    /**
     * Calls admitted per quota window (a minute unless {@link #quotaWindow} says otherwise); calls over it fail with
     * ThrottlingException. 0 means unlimited.
     */
    public ModelFaults requestsPerMinute(int requestsPerMinute) {
        this.requestsPerMinute = (int) requireNonNegative(requestsPerMinute, "requestsPerMinute");
        return this;
    }

    /** Shortens the quota's minute so tests can watch a quota recover without waiting a minute. */
    public ModelFaults quotaWindow(Duration quotaWindow) {
        Objects.requireNonNull(quotaWindow, "quotaWindow");
        if (quotaWindow.isNegative() || quotaWindow.isZero()) {
            throw new IllegalArgumentException("quotaWindow must be positive, was " + quotaWindow);
        }
        this.quotaWindow = quotaWindow;
        return this;
    }

    /** Share of calls, 0 to 1, that fail with {@link #errorKind}, drawn from a seeded random sequence. */
    public ModelFaults errorRate(double errorRate) {
        if (!(errorRate >= 0.0 && errorRate <= 1.0)) {
            throw new IllegalArgumentException("errorRate must be within 0..1, was " + errorRate);
        }
        this.errorRate = errorRate;
        return this;
    }

    public ModelFaults errorKind(BedrockError errorKind) {
        this.errorKind = Objects.requireNonNull(errorKind, "errorKind");
        return this;
    }

    /** Restarts the error draws from this seed, so a run of injected failures can be replayed. */
    public ModelFaults errorSeed(long seed) {
        synchronized (errorDraws) {
            errorDraws.setSeed(seed);
        }
        return this;
    }

    /**
     * When positive, every call stalls this long and then fails with ModelTimeoutException, as Bedrock does when
     * inference overruns. A value above the client's attempt timeout exercises the client's own timeout instead. 0
     * turns it off.
     */
    public ModelFaults timeoutMs(long timeoutMs) {
        this.timeoutMs = requireNonNegative(timeoutMs, "timeoutMs");
        return this;
    }

    /**
     * Every Converse answer stops with this reason. {@link ModelStopReason#MAX_TOKENS} cuts the answer short and
     * reports all of maxTokens as output, even when the request allowed more than the answer needs; content_filtered
     * and guardrail_intervened answer with a short refusal instead of the summary.
     */
    public ModelFaults stopReason(ModelStopReason forced) {
        this.stopReason = Objects.requireNonNull(forced, "forced");
        return this;
    }

    /** Back to the natural stop reason: end_turn, or max_tokens when the answer really outgrew maxTokens. */
    public ModelFaults naturalStopReason() {
        this.stopReason = null;
        return this;
    }

    /**
     * Puts every ACTIVE catalogue model into this lifecycle state from now on (see {@link LifecycleOverride}); the
     * catalogue's LEGACY and END_OF_LIFE models keep theirs. END_OF_LIFE makes Converse and GetFoundationModel answer
     * ResourceNotFoundException; LEGACY makes GetFoundationModel report LEGACY with a legacy time of now and an end of
     * life six months later, while calls keep working.
     */
    public ModelFaults modelLifecycle(ModelLifecycle lifecycle) {
        this.lifecycleOverride = new LifecycleOverride(lifecycle, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        return this;
    }

    /** Every model back to its catalogue lifecycle state. */
    public ModelFaults catalogModelLifecycle() {
        this.lifecycleOverride = null;
        return this;
    }

    /** Applies a {@code --model-stop-reason} switch value: a stop reason or {@value ModelStopReason#NATURAL_SWITCH}. */
    public ModelFaults stopReasonSwitch(String switchValue) {
        return ModelStopReason.fromSwitchName(switchValue).map(this::stopReason).orElseGet(this::naturalStopReason);
    }

    /** Applies a {@code --model-lifecycle} switch value: a lifecycle or {@value ModelLifecycle#CATALOG_SWITCH}. */
    public ModelFaults modelLifecycleSwitch(String switchValue) {
        return ModelLifecycle.fromSwitchName(switchValue)
                .map(this::modelLifecycle)
                .orElseGet(this::catalogModelLifecycle);
    }

    /** Back to healthy, including the quota window, the error seed, the stop reason and the lifecycle. */
    public ModelFaults clear() {
        latencyMs = 0;
        requestsPerMinute = 0;
        quotaWindow = DEFAULT_QUOTA_WINDOW;
        errorRate = 0.0;
        errorKind = BedrockError.INTERNAL_SERVER;
        timeoutMs = 0;
        stopReason = null;
        lifecycleOverride = null;
        return errorSeed(DEFAULT_ERROR_SEED);
    }

    public long latencyMs() {
        return latencyMs;
    }

    public int requestsPerMinute() {
        return requestsPerMinute;
    }

    public Duration quotaWindow() {
        return quotaWindow;
    }

    public double errorRate() {
        return errorRate;
    }

    public BedrockError errorKind() {
        return errorKind;
    }

    public long timeoutMs() {
        return timeoutMs;
    }

    /** The forced stop reason; empty when natural. */
    public Optional<ModelStopReason> stopReason() {
        return Optional.ofNullable(stopReason);
    }

    /** The lifecycle forced on ACTIVE models; empty when each model is in its catalogue state. */
    public Optional<ModelLifecycle> modelLifecycle() {
        return Optional.ofNullable(lifecycleOverride).map(LifecycleOverride::lifecycle);
    }

    /** The model as callers see it now, after any lifecycle override. */
    FoundationModel asSeenNow(FoundationModel model) {
        LifecycleOverride override = lifecycleOverride;
        return override == null ? model : override.applyTo(model);
    }

    /** Decides whether this call fails; consumes no draw while the error rate is 0, so seeds replay exactly. */
    Optional<BedrockError> drawInjectedError() {
        double rate = errorRate;
        BedrockError kind = errorKind;
        if (rate <= 0.0) {
            return Optional.empty();
        }
        double draw;
        synchronized (errorDraws) {
            draw = errorDraws.nextDouble();
        }
        return draw < rate ? Optional.of(kind) : Optional.empty();
    }

    @Override
    public String toString() {
        return "ModelFaults[latencyMs=" + latencyMs + ", requestsPerMinute=" + requestsPerMinute
                + ", quotaWindow=" + quotaWindow + ", errorRate=" + errorRate + ", errorKind=" + errorKind
                + ", timeoutMs=" + timeoutMs + ", stopReason=" + stopReason + ", lifecycleOverride=" + lifecycleOverride
                + "]";
    }

    private static long requireNonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
        return value;
    }
}
