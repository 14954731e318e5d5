package io.medsum.notifier.delivery;

import io.medsum.common.aws.SqsWorkQueue;
import io.medsum.common.observability.SafeErrors;
import io.medsum.common.ports.WorkQueue;
import io.medsum.common.ports.WorkQueue.DelayedMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * {@link NotificationQueue} on SQS, in {@link SqsWorkQueue}'s way: batches of 10, partial failures named, SDK errors
 * logged by type only. The backoff's ChangeMessageVisibilityBatch is SqsWorkQueue's own, on the same queue.
 */
public final class SqsNotificationQueue implements NotificationQueue {
    private static final Logger LOG = LoggerFactory.getLogger(SqsNotificationQueue.class);
    private static final int SQS_BATCH_LIMIT = 10;

    private final SqsClient sqs;
    private final String queueUrl;
    private final String deadLetterQueueUrl;
    /** For its visibility changes: the same calls the worker's backoff makes. */
    private final WorkQueue visibility;

    public SqsNotificationQueue(SqsClient sqs, String queueUrl, String deadLetterQueueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.deadLetterQueueUrl = deadLetterQueueUrl;
        this.visibility = new SqsWorkQueue(sqs, queueUrl, deadLetterQueueUrl);
    }

    @Override
    public List<String> sendAll(List<String> bodies) {
        List<String> failed = new ArrayList<>();
        for (int from = 0; from < bodies.size(); from += SQS_BATCH_LIMIT) {
            List<String> chunk = bodies.subList(from, Math.min(bodies.size(), from + SQS_BATCH_LIMIT));
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>(chunk.size());
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(SendMessageBatchRequestEntry.builder()
                        .id(Integer.toString(i))
                        .messageBody(chunk.get(i))
                        .build());
            }
            try {
                var response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
                response.failed().forEach(f -> failed.add(chunk.get(Integer.parseInt(f.id()))));
            } catch (SdkException e) {
                LOG.warn("SendMessageBatch failed for {} messages: {}", chunk.size(), SafeErrors.describe(e));
                failed.addAll(chunk);
            }
        }
        return failed;
    }

    @Override
    public void send(String body, int delaySeconds) {
        int delay = Math.max(0, Math.min(MAX_SEND_DELAY_SECONDS, delaySeconds));
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body).delaySeconds(delay));
    }

    @Override
    public void delayRedelivery(List<DelayedMessage> messages) {
        visibility.delayRedelivery(messages);
    }

    @Override
    public void deadLetter(String body, Map<String, String> attributes) {
        Map<String, MessageAttributeValue> values = new LinkedHashMap<>();
        attributes.forEach((name, value) -> values.put(
                name,
                MessageAttributeValue.builder()
                        .dataType("String")
                        .stringValue(value)
                        .build()));
        sqs.sendMessage(b -> b.queueUrl(deadLetterQueueUrl)
                .messageBody(body == null || body.isEmpty() ? "(empty)" : body)
                .messageAttributes(values));
    }
}
