package io.medsum.common.domain;

/**
 * Why a report failed or was retried. Stored as {@code LastError} together with the safe message below: neither ever
 * contains report text or a patient id.
 */
public enum FailureCode {
    MODEL_THROTTLED(Kind.TRANSIENT, "The model's quota was exceeded"),
    MODEL_UNAVAILABLE(Kind.TRANSIENT, "The model service answered with a server error"),
    MODEL_TIMEOUT(Kind.TRANSIENT, "The model call timed out or the connection failed"),
    MODEL_VALIDATION(Kind.PERMANENT, "The model rejected the request as invalid"),
    MODEL_CONTENT_FILTERED(Kind.PERMANENT, "The model's content filter blocked the summary"),
    MODEL_OUTPUT_INVALID(Kind.PERMANENT, "The model returned an empty or oversized summary"),
    MODEL_OUTPUT_TRUNCATED(
            Kind.PERMANENT, "The model stopped at its output limit (MaxOutputTokens) before the summary was complete"),
    MODEL_ACCESS_DENIED(Kind.CONFIGURATION, "Access to the model was denied (IAM policy or model access not enabled)"),
    MODEL_NOT_FOUND(Kind.CONFIGURATION, "The configured model id or inference profile does not exist in this region"),
    GROUNDING_UNAVAILABLE(
            Kind.TRANSIENT,
            "The grounding check (Bedrock Guardrails) was throttled, failed or timed out; the summary is kept for the"
                    + " next attempt"),
    GROUNDING_ACCESS_DENIED(
            Kind.CONFIGURATION, "Access to the grounding guardrail was denied (IAM policy of the worker role)"),
    GROUNDING_NOT_FOUND(
            Kind.CONFIGURATION, "The configured grounding guardrail or its version does not exist in this region"),
    REJECTED_IN_REVIEW(Kind.PERMANENT, "A reviewer rejected the summary"),
    RETRIES_EXHAUSTED(Kind.PERMANENT, "The last allowed attempt failed with a transient error"),
    DELIVERIES_EXHAUSTED(
            Kind.PERMANENT,
            "The queue moved the report's message to the dead-letter queue before any attempt finished"),
    REPORT_NOT_FOUND(Kind.PERMANENT, "The queued report has no record"),
    MALFORMED_MESSAGE(Kind.PERMANENT, "The queue message is not a report reference"),
    INTERNAL_ERROR(Kind.TRANSIENT, "An unexpected error occurred in the worker");

    /** How the worker reacts: retry through the queue, fail at once, or retry then fail with this code. */
    public enum Kind {
        TRANSIENT,
        PERMANENT,
        CONFIGURATION
    }

    private final Kind kind;
    private final String safeMessage;

    FailureCode(Kind kind, String safeMessage) {
        this.kind = kind;
        this.safeMessage = safeMessage;
    }

    public Kind kind() {
        return kind;
    }

    public String safeMessage() {
        return safeMessage;
    }

    /** A failure of the optional grounding check (ApplyGuardrail), not of the model call. */
    public boolean fromGroundingCheck() {
        return name().startsWith("GROUNDING_");
    }

    /**
     * Failures whose message waits in the dead-letter queue for an operator: retries or deliveries ran out, the
     * configuration was wrong, or the output budget was too small (raise MaxOutputTokens, then redrive). Their records
     * are redrivable; other failures are final.
     */
    public boolean endsInDeadLetterQueue() {
        return this == RETRIES_EXHAUSTED
                || this == DELIVERIES_EXHAUSTED
                || this == MODEL_OUTPUT_TRUNCATED
                || kind == Kind.CONFIGURATION;
    }
}
