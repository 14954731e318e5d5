package io.medsum.notifier.delivery;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import io.medsum.common.observability.SafeErrors;
import io.medsum.common.ports.WorkQueue.DelayedMessage;
import io.medsum.common.retry.RetryBackoff;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

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
        // Pool threads get the invocation's log context (function name, request id) like the handler thread.
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        List<Future<MessageOutcome>> futures = new ArrayList<>(messages.size());
        for (SQSMessage message : messages) {
            futures.add(pool.submit(() -> {
                if (logContext != null) {
                    MDC.setContextMap(logContext);
                }
                try {
                    return processor.process(message.getBody(), receiveCount(message));
                } finally {
                    MDC.clear();
                }
            }));
        }
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<DelayedMessage> delays = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            SQSMessage message = messages.get(i);
            MessageOutcome outcome = await(futures.get(i), receiveCount(message));
            if (outcome instanceof MessageOutcome.ReturnLater later) {
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

    static int receiveCount(SQSMessage message) {
        String count =
                message.getAttributes() == null ? null : message.getAttributes().get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Math.max(1, Integer.parseInt(count));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private MessageOutcome await(Future<MessageOutcome> future, int receiveCount) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new MessageOutcome.ReturnLater(0);
        } catch (ExecutionException e) {
            // Returned with the backoff, not at once: a message that crashes the notifier should not spin.
            LOG.error("Notification processing crashed: {}", SafeErrors.describe(e.getCause()));
            return new MessageOutcome.ReturnLater(backoff.delaySeconds(receiveCount));
        }
    }
}
