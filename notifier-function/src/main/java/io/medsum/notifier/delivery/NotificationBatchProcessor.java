package io.medsum.notifier.delivery;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import io.medsum.common.observability.SafeErrors;
import io.medsum.common.ports.WorkQueue.DelayedMessage;
import io.medsum.common.queue.MessageBatch;
import io.medsum.common.retry.RetryBackoff;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SQS batch of the notifications queue, like the worker's: messages processed concurrently on a bounded pool, each
 * failure reported per message ({@code batchItemFailures}), and each returned message's redelivery delayed by its own
 * backoff in one ChangeMessageVisibilityBatch.
 */
public final class NotificationBatchProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationBatchProcessor.class);

    private final NotificationProcessor processor;
    private final NotificationQueue queue;
    private final RetryBackoff backoff;
    private final ExecutorService pool;

    /** @param backoff the delay of a message whose processing crashed */
    public NotificationBatchProcessor(
            NotificationProcessor processor, NotificationQueue queue, RetryBackoff backoff, ExecutorService pool) {
        this.processor = processor;
        this.queue = queue;
        this.backoff = backoff;
        this.pool = pool;
    }

    public SQSBatchResponse process(List<SQSMessage> messages) {
        List<MessageOutcome> outcomes = MessageBatch.runEach(
                messages,
                pool,
                message -> processor.process(message.getBody(), MessageBatch.receiveCount(message)),
                this::crashed);
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<DelayedMessage> delays = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            SQSMessage message = messages.get(i);
            if (outcomes.get(i) instanceof MessageOutcome.ReturnLater later) {
                failures.add(SQSBatchResponse.BatchItemFailure.builder()
                        .withItemIdentifier(message.getMessageId())
                        .build());
                delays.add(new DelayedMessage(message.getReceiptHandle(), later.delaySeconds()));
            }
        }
        if (!delays.isEmpty()) {
            queue.delayRedelivery(delays);
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    private MessageOutcome crashed(SQSMessage message, Throwable cause) {
        if (cause instanceof InterruptedException) {
            return new MessageOutcome.ReturnLater(0);
        }
        // Returned with the backoff, not at once: a message that crashes the notifier should not spin.
        LOG.error("Notification processing crashed: {}", SafeErrors.describe(cause));
        return new MessageOutcome.ReturnLater(backoff.delaySeconds(MessageBatch.receiveCount(message)));
    }
}
