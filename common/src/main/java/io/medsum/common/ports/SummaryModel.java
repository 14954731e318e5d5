package io.medsum.common.ports;

import io.medsum.common.domain.FailureCode;

/** The summarizing model. Implementations classify their failures into {@link FailureCode}s. */
public interface SummaryModel {

    ModelSummary summarize(String reportText) throws ModelException;

    String modelId();

    record ModelSummary(String text, int inputTokens, int outputTokens, String modelId) {}

    /** A failed model call; the message is one of ours, never the provider's (which may quote input). */
    final class ModelException extends Exception {
        private final FailureCode code;

        public ModelException(FailureCode code, Throwable cause) {
            super(code.name() + ": " + code.safeMessage(), cause, false, false);
            this.code = code;
        }

        public ModelException(FailureCode code) {
            this(code, null);
        }

        public FailureCode code() {
            return code;
        }
    }
}
