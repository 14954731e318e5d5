package io.medsum.local.services;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Puts a matched event on a rule's target, as EventBridge does: the whole event envelope as the body of an SQS message,
 * or as a log event in a CloudWatch Logs group. Only these two target kinds are served (PutTargets refuses others).
 *
 * <p>A target that cannot take the event (its queue or log group does not exist) sends the event to the target's
 * dead-letter queue when it has one, with the {@code ERROR_CODE}, {@code ERROR_MESSAGE}, {@code RULE_ARN} and
 * {@code TARGET_ARN} message attributes; "Using dead-letter queues to process undelivered events in EventBridge" says a
 * missing target resource goes there without retries. Without a dead-letter queue the event is dropped, as it is in
 * AWS, and counted. Logs name the event, rule and target, never the event's detail (it holds patient ids).
 */
final class RuleTargets {
    private static final Logger LOG = LoggerFactory.getLogger(RuleTargets.class);

    private final LogGroups logs;
    private volatile SqsClient sqs;
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicInteger deadLettered = new AtomicInteger();

    RuleTargets(LogGroups logs) {
        this.logs = logs;
    }

    /** The SQS endpoint queue targets are sent to; until set, every queue target counts as unreachable. */
    void useSqs(SqsClient client) {
        this.sqs = client;
    }

    /**
     * A target as PutTargets set it: its id, ARN and dead-letter queue ARN (or null), and the whole definition as JSON
     * text for ListTargetsByRule.
     */
    record Target(String id, String arn, String deadLetterArn, String definition) {}

    /** Why a delivery failed, as the dead-letter attributes name it. */
    private record Failure(String code, String message) {}

    static boolean servable(String arn) {
        return TargetArn.queueName(arn) != null || TargetArn.logGroupName(arn) != null;
    }

    void deliver(Target target, String ruleArn, String eventId, long timestamp, String envelope) {
        Failure failure = put(target.arn(), ruleArn, timestamp, envelope);
        if (failure == null) {
            return;
        }
        if (target.deadLetterArn() != null
                && sendToQueue(target.deadLetterArn(), envelope, deadLetterAttributes(failure, ruleArn, target))
                        == null) {
            deadLettered.incrementAndGet();
            LOG.warn(
                    "Event {} of rule {} went to the dead-letter queue of target {}: {}",
                    eventId,
                    ruleArn,
                    target.id(),
                    failure.code());
            return;
        }
        dropped.incrementAndGet();
        LOG.warn(
                "Event {} of rule {} could not be delivered to target {} and was dropped: {}",
                eventId,
                ruleArn,
                target.id(),
                failure.code());
    }

    int dropped() {
        return dropped.get();
    }

    int deadLettered() {
        return deadLettered.get();
    }

    private Failure put(String arn, String ruleArn, long timestamp, String envelope) {
        String group = TargetArn.logGroupName(arn);
        if (group != null) {
            // One stream per rule: the events of one rule read back in the order they were put.
            String stream = ruleArn.substring(ruleArn.lastIndexOf('/') + 1);
            return logs.deliver(group, stream, timestamp, envelope)
                    ? null
                    : new Failure("ResourceNotFoundException", "The log group does not exist");
        }
        return sendToQueue(arn, envelope, Map.of());
    }

    private Failure sendToQueue(String arn, String body, Map<String, MessageAttributeValue> attributes) {
        String name = TargetArn.queueName(arn);
        SqsClient client = sqs;
        if (name == null || client == null) {
            return new Failure("ResourceNotFoundException", "No SQS endpoint for the target queue");
        }
        try {
            String url = client.getQueueUrl(b -> b.queueName(name)).queueUrl();
            client.sendMessage(
                    b -> b.queueUrl(url).messageBody(body).messageAttributes(attributes.isEmpty() ? null : attributes));
            return null;
        } catch (SdkException e) {
            // QueueDoesNotExist above all; the exception names the queue, never the body.
            return new Failure(
                    e instanceof QueueDoesNotExistException ? "ResourceNotFoundException" : "SDK_CLIENT_ERROR",
                    "The target queue did not take the event (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Map<String, MessageAttributeValue> deadLetterAttributes(
            Failure failure, String ruleArn, Target target) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        attributes.put("ERROR_CODE", text(failure.code()));
        attributes.put("ERROR_MESSAGE", text(failure.message()));
        attributes.put("RULE_ARN", text(ruleArn));
        attributes.put("TARGET_ARN", text(target.arn()));
        return attributes;
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder()
                .dataType("String")
                .stringValue(value)
                .build();
    }

    /** The resource names inside target ARNs. */
    static final class TargetArn {
        private TargetArn() {}

        /** {@code arn:aws:sqs:<region>:<account>:<name>} → name; null for anything else. */
        static String queueName(String arn) {
            String[] parts = arn.split(":", -1);
            return parts.length == 6 && parts[0].equals("arn") && parts[2].equals("sqs") && !parts[5].isEmpty()
                    ? parts[5]
                    : null;
        }

        /**
         * {@code arn:aws:logs:<region>:<account>:log-group:<name>} with or without the {@code :*} that {@code !GetAtt
         * LogGroup.Arn} ends with → name; null for anything else.
         */
        static String logGroupName(String arn) {
            String[] parts = arn.split(":", -1);
            if (parts.length < 7
                    || !parts[0].equals("arn")
                    || !parts[2].equals("logs")
                    || !parts[5].equals("log-group")) {
                return null;
            }
            String name = parts[6];
            boolean wildcardSuffix = parts.length == 8 && parts[7].equals("*");
            return !name.isEmpty() && (parts.length == 7 || wildcardSuffix) ? name : null;
        }
    }
}
