package io.medsum.local.bedrock;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the stand-in has been asked and how it answered, for test assertions and benchmark reports. Every routed call
 * counts once in {@link #totalCalls()} and once in {@link #calls(BedrockOperation)}, and ends as exactly one of:
 * successful, throttled by the quota, injected error, or rejected as invalid. An injected ThrottlingException counts as
 * both injected and throttled. Control-plane reads are counted apart ({@link #controlPlaneCalls}) and are in none of
 * the runtime counts.
 */
public final class CallCounters {
    private final LongAdder total = new LongAdder();
    private final Map<BedrockOperation, LongAdder> perOperation = new EnumMap<>(BedrockOperation.class);
    private final LongAdder successful = new LongAdder();
    private final LongAdder throttled = new LongAdder();
    private final LongAdder injectedErrors = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final Map<String, LongAdder> successfulByReport = new ConcurrentHashMap<>();
    private final Map<ControlPlaneOperation, LongAdder> controlPlane = new EnumMap<>(ControlPlaneOperation.class);

    CallCounters() {
        for (BedrockOperation operation : BedrockOperation.values()) {
            perOperation.put(operation, new LongAdder());
        }
        for (ControlPlaneOperation operation : ControlPlaneOperation.values()) {
            controlPlane.put(operation, new LongAdder());
        }
    }

    public long totalCalls() {
        return total.sum();
    }

    public long calls(BedrockOperation operation) {
        return perOperation.get(operation).sum();
    }

    public long successfulCalls() {
        return successful.sum();
    }

    /** Calls answered with ThrottlingException, whether by the quota or by error injection. */
    public long throttledCalls() {
        return throttled.sum();
    }

    /** Calls failed on purpose by the error rate or the timeout switch. */
    public long injectedErrors() {
        return injectedErrors.sum();
    }

    /**
     * Calls refused for what they asked, not by a fault switch: an invalid request (ValidationException) or a model
     * that is unknown or past its end of life (ResourceNotFoundException).
     */
    public long rejectedCalls() {
        return rejected.sum();
    }

    /** Control-plane reads of this operation, whatever they answered. */
    public long controlPlaneCalls(ControlPlaneOperation operation) {
        return controlPlane.get(operation).sum();
    }

    /** Successful calls that summarized the report with this text ({@link #digest}); 0 if none. */
    public long successfulCallsFor(String reportText) {
        LongAdder count = successfulByReport.get(digest(reportText));
        return count == null ? 0 : count.sum();
    }

    /** Identifies a report by its text as the model saw it (whitespace at the ends ignored), never storing the text. */
    public static String digest(String reportText) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(reportText.strip().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Zeroes every counter; meant for the pause between test phases, it is not atomic across counters. */
    public void reset() {
        total.reset();
        perOperation.values().forEach(LongAdder::reset);
        successful.reset();
        throttled.reset();
        injectedErrors.reset();
        rejected.reset();
        successfulByReport.clear();
        controlPlane.values().forEach(LongAdder::reset);
    }

    void recordCall(BedrockOperation operation) {
        total.increment();
        perOperation.get(operation).increment();
    }

    void recordControlPlaneCall(ControlPlaneOperation operation) {
        controlPlane.get(operation).increment();
    }

    void recordSuccess(String reportDigest) {
        successful.increment();
        successfulByReport.computeIfAbsent(reportDigest, d -> new LongAdder()).increment();
    }

    void recordQuotaThrottle() {
        throttled.increment();
    }

    void recordInjectedError(BedrockError error) {
        injectedErrors.increment();
        if (error == BedrockError.THROTTLING) {
            throttled.increment();
        }
    }

    void recordRejected() {
        rejected.increment();
    }

    @Override
    public String toString() {
        return "CallCounters[total=" + totalCalls() + ", converse=" + calls(BedrockOperation.CONVERSE)
                + ", successful=" + successfulCalls() + ", throttled=" + throttledCalls() + ", injectedErrors="
                + injectedErrors()
                + ", rejected=" + rejectedCalls() + ", getFoundationModel="
                + controlPlaneCalls(ControlPlaneOperation.GET_FOUNDATION_MODEL)
                + ", getInferenceProfile=" + controlPlaneCalls(ControlPlaneOperation.GET_INFERENCE_PROFILE) + "]";
    }
}
