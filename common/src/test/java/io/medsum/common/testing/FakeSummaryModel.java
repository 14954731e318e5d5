package io.medsum.common.testing;

import io.medsum.common.domain.FailureCode;
import io.medsum.common.ports.SummaryModel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A {@link SummaryModel} that answers as told: by default a fixed summary; {@code failsWith} a classified failure, as
 * the Bedrock adapter reports one; one-off answers queued with {@code once}. It records what it was asked.
 */
public final class FakeSummaryModel implements SummaryModel {
    public static final String MODEL_ID = "fake-model-v1";

    /** One answer to one call; may throw a {@link ModelException} or anything else a broken model would. */
    @FunctionalInterface
    public interface Answer {
        ModelSummary answer(String reportText) throws ModelException;
    }

    private final Deque<Answer> once = new ArrayDeque<>();
    private final List<String> inputs = new ArrayList<>();
    private Answer always = text -> summary("Stable angina; aspirin and a cardiology referral.", 120, 14);

    /** Every call from now on (after queued one-off answers) returns this summary. */
    public synchronized FakeSummaryModel summarizesAs(String text, int inputTokens, int outputTokens) {
        always = reportText -> summary(text, inputTokens, outputTokens);
        return this;
    }

    /** Every call from now on (after queued one-off answers) fails with this code. */
    public synchronized FakeSummaryModel failsWith(FailureCode code) {
        always = reportText -> {
            throw new ModelException(code);
        };
        return this;
    }

    /** Every call from now on (after queued one-off answers) answers so. */
    public synchronized FakeSummaryModel always(Answer answer) {
        always = answer;
        return this;
    }

    /** The next call (after those queued before) answers so. */
    public synchronized FakeSummaryModel once(Answer answer) {
        once.add(answer);
        return this;
    }

    /** The next call (after those queued before) fails with this code. */
    public FakeSummaryModel failsOnceWith(FailureCode code) {
        return once(reportText -> {
            throw new ModelException(code);
        });
    }

    /** A summary as this model returns it. */
    public ModelSummary summary(String text, int inputTokens, int outputTokens) {
        return new ModelSummary(text, inputTokens, outputTokens, MODEL_ID);
    }

    public synchronized int calls() {
        return inputs.size();
    }

    /** The report texts the model was asked to summarize, in order. */
    public synchronized List<String> inputs() {
        return List.copyOf(inputs);
    }

    @Override
    public ModelSummary summarize(String reportText) throws ModelException {
        Answer answer;
        synchronized (this) {
            inputs.add(reportText);
            answer = once.isEmpty() ? always : once.poll();
        }
        return answer.answer(reportText);
    }

    @Override
    public String modelId() {
        return MODEL_ID;
    }
}
