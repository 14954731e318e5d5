package io.medsum.notifier.testing;

import io.medsum.common.ports.WorkQueue.DelayedMessage;
import io.medsum.notifier.delivery.NotificationQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@link NotificationQueue} in memory, with what {@code SqsNotificationQueue} promises: a batch send names the bodies
 * it could not send (never throws), a failed delay is only logged, a dead letter keeps its attributes. Stricter than
 * SQS in one way, on purpose: a delay SQS would refuse fails the test.
 */
public final class InMemoryNotificationQueue implements NotificationQueue {
    /** A message sent with a delay (the rate limit's deferral). */
    public record Sent(String body, int delaySeconds) {}

    public record DeadLetter(String body, Map<String, String> attributes) {}

    private final List<Sent> sent = new ArrayList<>();
    private final List<DelayedMessage> delays = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private Predicate<String> refused = body -> false;
    private int refusalsLeft;
    private boolean deadLetterDown;

    /**
     * The next {@code times} batch entries matching {@code bodies} are refused (SendMessageBatch names them failed).
     */
    public synchronized void refuse(Predicate<String> bodies, int times) {
        this.refused = bodies;
        this.refusalsLeft = times;
    }

    public synchronized void deadLetterDown(boolean down) {
        this.deadLetterDown = down;
    }

    /** Bodies sent to the queue, in order. */
    public synchronized List<String> bodies() {
        return sent.stream().map(Sent::body).toList();
    }

    public synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    public synchronized List<DelayedMessage> delays() {
        return List.copyOf(delays);
    }

    public synchronized List<DeadLetter> deadLetters() {
        return List.copyOf(deadLetters);
    }

    public synchronized void clear() {
        sent.clear();
        delays.clear();
        deadLetters.clear();
    }

    @Override
    public synchronized List<String> sendAll(List<String> bodies) {
        List<String> failed = new ArrayList<>();
        for (String body : bodies) {
            if (refusalsLeft > 0 && refused.test(body)) {
                refusalsLeft--;
                failed.add(body);
            } else {
                sent.add(new Sent(body, 0));
            }
        }
        return failed;
    }

    @Override
    public synchronized void send(String body, int delaySeconds) {
        if (delaySeconds < 0 || delaySeconds > MAX_SEND_DELAY_SECONDS) {
            throw new AssertionError("SQS refuses DelaySeconds " + delaySeconds);
        }
        sent.add(new Sent(body, delaySeconds));
    }

    @Override
    public synchronized void delayRedelivery(List<DelayedMessage> messages) {
        for (DelayedMessage message : messages) {
            if (message.delaySeconds() < 0 || message.delaySeconds() > 43_200) {
                throw new AssertionError("SQS refuses a visibility timeout of " + message.delaySeconds());
            }
        }
        delays.addAll(messages);
    }

    @Override
    public synchronized void deadLetter(String body, Map<String, String> attributes) {
        if (deadLetterDown) {
            throw new IllegalStateException("the DLQ is unreachable");
        }
        deadLetters.add(new DeadLetter(body, Map.copyOf(attributes)));
    }
}
