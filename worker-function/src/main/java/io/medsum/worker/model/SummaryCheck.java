package io.medsum.worker.model;

import io.medsum.common.domain.FailureCode;
import io.medsum.common.ports.SummaryModel.ModelException;

/** Checks a model's output before it may become a SUCCESS: not blank, and bounded by what maxTokens allows. */
public final class SummaryCheck {
    /** Generous: tokens average about 4 characters of English; anything longer is not from this request. */
    private static final int CHARS_PER_TOKEN_BOUND = 8;

    private final int maxChars;

    public SummaryCheck(int maxOutputTokens) {
        this.maxChars = maxOutputTokens * CHARS_PER_TOKEN_BOUND;
    }

    public void verify(String summary) throws ModelException {
        if (summary == null || summary.isBlank() || summary.strip().length() > maxChars) {
            throw new ModelException(FailureCode.MODEL_OUTPUT_INVALID);
        }
    }
}
