package io.medsum.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * What the operator commands do with a dead-letter queue's messages (the reports DLQ, {@code ./medsum dlq}, and the
 * notifications DLQ, {@code ./medsum webhooks failures|redrive}): look at them without taking them, and move some back.
 */
final class QueueMessages {
    /** How long a received message stays hidden; a listing makes them visible again right after. */
    private static final int PEEK_VISIBILITY_SECONDS = 30;

    private QueueMessages() {}

    /** Reads up to {@code limit} messages of the queue once, then makes them all visible again. */
    static List<Message> peek(SqsClient sqs, String queueUrl, int limit) {
        List<Message> messages = receive(sqs, queueUrl, limit);
        release(sqs, queueUrl, messages);
        return messages;
    }

    /** Receives up to {@code limit} messages once; they stay hidden until released or for 30 s. */
    static List<Message> receive(SqsClient sqs, String queueUrl, int limit) {
        Map<String, Message> seen = new LinkedHashMap<>();
        while (seen.size() < limit) {
            int wanted = Math.min(10, limit - seen.size());
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                            .maxNumberOfMessages(wanted)
                            .waitTimeSeconds(1)
                            .visibilityTimeout(PEEK_VISIBILITY_SECONDS)
                            .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                            .messageAttributeNames("All"))
                    .messages();
            if (batch.isEmpty()) {
                break;
            }
            batch.forEach(m -> seen.putIfAbsent(m.messageId(), m));
        }
        return new ArrayList<>(seen.values());
    }

    /** Makes received messages visible again at once. */
    static void release(SqsClient sqs, String queueUrl, List<Message> messages) {
        for (int from = 0; from < messages.size(); from += 10) {
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (Message m : messages.subList(from, Math.min(messages.size(), from + 10))) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
                        .id(Integer.toString(entries.size()))
                        .receiptHandle(m.receiptHandle())
                        .visibilityTimeout(0)
                        .build());
            }
            sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queueUrl).entries(entries));
        }
    }

    /**
     * Moves one received message: sends {@code body} with {@code attributes} (the message's own, or what a redrive
     * makes of them) to {@code toUrl}, then deletes the message from {@code fromUrl}. A crash in between leaves a
     * duplicate, never a loss; the consumers take duplicates.
     */
    static void move(
            SqsClient sqs,
            String fromUrl,
            String toUrl,
            Message message,
            String body,
            Map<String, MessageAttributeValue> attributes) {
        sqs.sendMessage(b -> b.queueUrl(toUrl).messageBody(body).messageAttributes(attributes));
        sqs.deleteMessage(b -> b.queueUrl(fromUrl).receiptHandle(message.receiptHandle()));
    }

    /** How long ago the message was first sent, as {@code 2h5m} or {@code 3m12s}. */
    static String age(Message m) {
        String sent = m.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
        if (sent == null) {
            return "?";
        }
        Duration age = Duration.between(Instant.ofEpochMilli(Long.parseLong(sent)), Instant.now());
        return age.toHours() > 0
                ? age.toHours() + "h" + age.toMinutesPart() + "m"
                : age.toMinutes() + "m" + age.toSecondsPart() + "s";
    }
}
