package io.medsum.worker;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import io.medsum.common.domain.FailureCode;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportMessage;
import io.medsum.common.observability.LogFields;
import io.medsum.common.observability.SafeErrors;
import io.medsum.common.ports.WorkQueue;
import io.medsum.common.ports.WorkQueue.DelayedMessage;
import io.medsum.common.queue.MessageBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Processes one SQS batch: messages concurrently on a bounded pool, failures reported per message
 * ({@code batchItemFailures}) so one bad message never fails the batch, and the redelivery of each retried message
 * delayed by its own backoff.
 */
public final class BatchProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(BatchProcessor.class);

    private final ReportProcessor processor;
    private final WorkQueue queue;
    private final ExecutorService pool;

    BatchProcessor(ReportProcessor processor, WorkQueue queue, ExecutorService pool) {
        this.processor = processor;
        this.queue = queue;
        this.pool = pool;
    }

    public SQSBatchResponse process(List<SQSMessage> messages) {
        List<MessageOutcome> outcomes = MessageBatch.runEach(messages, pool, this::processOne, BatchProcessor::crashed);
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<DelayedMessage> delays = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            SQSMessage message = messages.get(i);
            MessageOutcome outcome = outcomes.get(i);
            if (outcome instanceof MessageOutcome.DeadLetterNow now) {
                outcome = deadLetter(message, now.code());
            }
            if (outcome instanceof MessageOutcome.Done) {
                continue;
            }
            failures.add(SQSBatchResponse.BatchItemFailure.builder()
                    .withItemIdentifier(message.getMessageId())
                    .build());
            int delay = outcome instanceof MessageOutcome.RetryLater retry ? retry.delaySeconds() : 0;
            delays.add(new DelayedMessage(message.getReceiptHandle(), delay));
        }
        if (!delays.isEmpty()) {
            queue.delayRedelivery(delays);
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    private MessageOutcome processOne(SQSMessage message) {
        Optional<ReportKey> key = ReportMessage.decode(message.getBody());
        if (key.isEmpty()) {
            return new MessageOutcome.DeadLetterNow(FailureCode.MALFORMED_MESSAGE);
        }
        MDC.put(LogFields.REPORT_ID, key.get().reportId());
        try {
            return processor.process(key.get(), MessageBatch.receiveCount(message));
        } finally {
            MDC.remove(LogFields.REPORT_ID);
        }
    }

    /**
     * Straight to the DLQ with its reason, then acknowledged: a body that names no report, or a report that failed in a
     * way only an operator can fix.
     */
    private MessageOutcome deadLetter(SQSMessage message, FailureCode code) {
        try {
            queue.deadLetter(message.getBody(), code.name());
            LOG.warn("Message sent to the dead-letter queue ({})", code);
            return MessageOutcome.DONE;
        } catch (RuntimeException e) {
            // SQS's own redrive policy will move it after maxReceiveCount receives.
            LOG.warn("Could not dead-letter a message ({}): {}", code, SafeErrors.describe(e));
            return new MessageOutcome.ToDeadLetterQueue();
        }
    }

    private static MessageOutcome crashed(SQSMessage message, Throwable cause) {
        if (!(cause instanceof InterruptedException)) {
            LOG.error("Message processing crashed: {}", SafeErrors.describe(cause));
        }
        return new MessageOutcome.RetryLater(0);
    }
}
