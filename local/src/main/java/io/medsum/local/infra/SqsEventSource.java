package io.medsum.local.infra;

import java.time.Duration;
import java.util.List;

/**
 * A SAM {@code SQS} event: the event source mapping that feeds a queue's messages to a function.
 *
 * @param maximumConcurrency ScalingConfig.MaximumConcurrency, or null when the template sets no cap
 */
public record SqsEventSource(
        String functionLogicalId,
        String eventName,
        String queueLogicalId,
        int batchSize,
        Duration maximumBatchingWindow,
        List<String> functionResponseTypes,
        Integer maximumConcurrency) {

    public SqsEventSource {
        functionResponseTypes = List.copyOf(functionResponseTypes);
    }

    /** Whether the function answers with {@code batchItemFailures} so only failed messages return. */
    public boolean reportsBatchItemFailures() {
        return functionResponseTypes.contains("ReportBatchItemFailures");
    }
}
