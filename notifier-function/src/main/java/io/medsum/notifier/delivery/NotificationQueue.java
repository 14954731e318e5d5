package io.medsum.notifier.delivery;

import io.medsum.common.ports.WorkQueue.DelayedMessage;
import java.util.List;
import java.util.Map;

/**
 * The notifications queue as the notifier uses it: it fans out into it, delays the messages it returns, and
 * dead-letters what failed for good into its own DLQ with the reasons as message attributes.
 */
public interface NotificationQueue {
    /**
     * Message attributes of a dead letter, as {@code ./medsum webhooks failures} reads them (and a redrive drops
     * {@code failure} and {@code attempts}): the failure code ({@code HTTP_503}, {@code TIMEOUT} ...).
     */
    String FAILURE = "failure";
    /** The attempts made, counting the last. */
    String ATTEMPTS = "attempts";

    String WEBHOOK_ID = "webhookId";
    String NOTIFICATION_ID = "notificationId";
    /** The receiver's last HTTP status, when it answered. */
    String HTTP_STATUS = "httpStatus";

    /** SQS's longest DelaySeconds of a sent message (15 minutes). */
    int MAX_SEND_DELAY_SECONDS = 900;

    /** Sends messages in batches; returns the bodies that could not be sent (never throws for them). */
    List<String> sendAll(List<String> bodies);

    /** Sends one message, invisible for its first {@code delaySeconds} (at most {@link #MAX_SEND_DELAY_SECONDS}). */
    void send(String body, int delaySeconds);

    /** Delays the redelivery of received messages (the backoff of failed attempts); a failure is only logged. */
    void delayRedelivery(List<DelayedMessage> messages);

    /** Puts a message on the notifications DLQ with string attributes saying why. */
    void deadLetter(String body, Map<String, String> attributes);
}
