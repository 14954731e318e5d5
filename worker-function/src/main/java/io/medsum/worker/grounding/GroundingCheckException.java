package io.medsum.worker.grounding;

import io.medsum.common.domain.FailureCode;

/**
 * A grounding check that did not score. Either it may succeed later ({@link #code()}: GROUNDING_UNAVAILABLE, or a
 * configuration code an operator can fix), or this request can never be scored ({@link #code()} null: the service
 * refused it as invalid, or answered without a grounding assessment). Never carries the service's message.
 */
public final class GroundingCheckException extends Exception {
    private static final long serialVersionUID = 1L;

    private final FailureCode code;

    private GroundingCheckException(FailureCode code, String reason, Throwable cause) {
        super(reason, cause);
        this.code = code;
    }

    /** The check failed and may succeed on a later attempt (or after an operator's fix). */
    public static GroundingCheckException failed(FailureCode code, Throwable cause) {
        if (code == null || !code.fromGroundingCheck()) {
            throw new IllegalArgumentException("A grounding failure carries a GROUNDING_* code, was " + code);
        }
        return new GroundingCheckException(code, code.safeMessage(), cause);
    }

    /** This summary can never be scored by this check; the reason names no input. */
    public static GroundingCheckException notCheckable(String reason, Throwable cause) {
        return new GroundingCheckException(null, reason, cause);
    }

    /** Null when the request can never be scored. */
    public FailureCode code() {
        return code;
    }

    public boolean retryable() {
        return code != null;
    }
}
