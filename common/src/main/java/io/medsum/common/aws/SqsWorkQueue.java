package io.medsum.common.aws;

import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportMessage;
import io.medsum.common.observability.SafeErrors;
import io.medsum.common.ports.WorkQueue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** {@link WorkQueue} on SQS: the reports queue, and its dead-letter queue for poison messages. */
public final class SqsWorkQueue implements WorkQueue {
    private static final Logger LOG = LoggerFactory.getLogger(SqsWorkQueue.class);
    private static final int SQS_BATCH_LIMIT = 10;
    public static final String FAILURE_CODE_ATTRIBUTE = "FailureCode";
    private static final int PEEK_VISIBILITY_SECONDS = 30;

    private final SqsClient sqs;
    private final String queueUrl;
    private final String deadLetterQueueUrl;

    public SqsWorkQueue(SqsClient sqs, String queueUrl, String deadLetterQueueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.deadLetterQueueUrl = deadLetterQueueUrl;
    }

    @Override
    public void enqueue(ReportKey key) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(ReportMessage.encode(key)));
    }

    @Override
    public List<ReportKey> enqueueAll(List<ReportKey> keys) {
        List<ReportKey> failed = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += SQS_BATCH_LIMIT) {
            List<ReportKey> chunk = keys.subList(from, Math.min(keys.size(), from + SQS_BATCH_LIMIT));
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(SendMessageBatchRequestEntry.builder()
                        .id(Integer.toString(i))
                        .messageBody(ReportMessage.encode(chunk.get(i)))
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
    public void delayRedelivery(List<DelayedMessage> messages) {
        changeVisibility(queueUrl, messages);
    }

    private void changeVisibility(String url, List<DelayedMessage> messages) {
        for (int from = 0; from < messages.size(); from += SQS_BATCH_LIMIT) {
            List<DelayedMessage> chunk = messages.subList(from, Math.min(messages.size(), from + SQS_BATCH_LIMIT));
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
                        .id(Integer.toString(i))
                        .receiptHandle(chunk.get(i).receiptHandle())
                        .visibilityTimeout(chunk.get(i).delaySeconds())
                        .build());
            }
            try {
                var response =
                        sqs.changeMessageVisibilityBatch(b -> b.queueUrl(url).entries(entries));
                if (response.hasFailed() && !response.failed().isEmpty()) {
                    // The message still comes back, after the queue's own visibility timeout.
                    LOG.warn(
                            "Could not delay {} messages; they return after the queue's visibility timeout",
                            response.failed().size());
                }
            } catch (SdkException e) {
                LOG.warn("ChangeMessageVisibilityBatch failed: {}", SafeErrors.describe(e));
            }
        }
    }

    @Override
    public void deadLetter(String body, String failureCode) {
        sqs.sendMessage(b -> b.queueUrl(deadLetterQueueUrl)
                .messageBody(body == null || body.isEmpty() ? "(empty)" : body)
                .messageAttributes(Map.of(
                        FAILURE_CODE_ATTRIBUTE,
                        MessageAttributeValue.builder()
                                .dataType("String")
                                .stringValue(failureCode)
                                .build())));
    }

    @Override
    public List<ReportKey> peekDeadLetters(int max) {
        List<ReportKey> keys = new ArrayList<>();
        List<software.amazon.awssdk.services.sqs.model.Message> seen = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        try {
            while (seen.size() < max) {
                var batch = sqs.receiveMessage(b -> b.queueUrl(deadLetterQueueUrl)
                                .maxNumberOfMessages(10)
                                .visibilityTimeout(PEEK_VISIBILITY_SECONDS)
                                .waitTimeSeconds(0))
                        .messages();
                if (batch.isEmpty()) {
                    break;
                }
                for (var message : batch) {
                    if (ids.add(message.messageId())) {
                        seen.add(message);
                        ReportMessage.decode(message.body()).ifPresent(keys::add);
                    }
                }
            }
        } finally {
            // Back to visible at once: the sweep only reads, operators still see and redrive everything.
            List<DelayedMessage> release = seen.stream()
                    .map(m -> new DelayedMessage(m.receiptHandle(), 0))
                    .toList();
            changeVisibility(deadLetterQueueUrl, release);
        }
        return keys;
    }

    @Override
    public boolean isReachable() {
        try {
            sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN));
            return true;
        } catch (SdkException e) {
            LOG.warn("Health check: the queue is unreachable: {}", SafeErrors.describe(e));
            return false;
        }
    }
}
