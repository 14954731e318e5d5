package io.medsum.common.testing;

import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportMessage;
import io.medsum.common.ports.WorkQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@link WorkQueue} in memory, with what {@code SqsWorkQueue} promises: messages carry only the report's key, a batch
 * send names the keys it could not send (never throws), a failed delay is only logged (the message comes back after the
 * queue's own visibility timeout), and peeking at the dead letters leaves them where they are. Stricter than SQS in one
 * way, on purpose: a delay outside 0..43,200 s, which SQS would refuse, fails the test.
 */
public final class InMemoryWorkQueue implements WorkQueue {
    /** SQS's limit for a message's visibility timeout (12 hours). */
    public static final int MAX_DELAY_SECONDS = 43_200;

    public enum Operation {
        ENQUEUE,
        ENQUEUE_ALL,
        DELAY_REDELIVERY,
        DEAD_LETTER,
        PEEK_DEAD_LETTERS,
        IS_REACHABLE
    }

    /** A message in the dead-letter queue, with its {@code FailureCode} attribute. */
    public record DeadLetter(String body, String failureCode) {}

    private final List<String> messages = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final List<DelayedMessage> delays = new ArrayList<>();
    private final Outage<Operation> outage = new Outage<>(Operation.class);
    private volatile Predicate<ReportKey> refused = key -> false;

    public Outage<Operation> outage() {
        return outage;
    }

    /** Messages naming these reports cannot be sent: SendMessage throws, SendMessageBatch names them as failed. */
    public void refuseMessagesFor(Predicate<ReportKey> keys) {
        this.refused = keys;
    }

    /** The reports the queued messages name, in the order they were sent. */
    public synchronized List<ReportKey> messages() {
        return messages.stream()
                .map(body -> ReportMessage.decode(body).orElseThrow())
                .toList();
    }

    public synchronized List<DeadLetter> deadLetters() {
        return List.copyOf(deadLetters);
    }

    /** Every delay asked for, in order. */
    public synchronized List<DelayedMessage> delays() {
        return List.copyOf(delays);
    }

    @Override
    public synchronized void enqueue(ReportKey key) {
        outage.check(Operation.ENQUEUE);
        if (refused.test(key)) {
            throw new Outage.ServiceDown("SendMessage refused");
        }
        messages.add(ReportMessage.encode(key));
    }

    @Override
    public synchronized List<ReportKey> enqueueAll(List<ReportKey> keys) {
        if (outage.isDown(Operation.ENQUEUE_ALL)) {
            return List.copyOf(keys);
        }
        List<ReportKey> failed = new ArrayList<>();
        for (ReportKey key : keys) {
            if (refused.test(key)) {
                failed.add(key);
            } else {
                messages.add(ReportMessage.encode(key));
            }
        }
        return failed;
    }

    @Override
    public synchronized void delayRedelivery(List<DelayedMessage> requested) {
        for (DelayedMessage message : requested) {
            if (message.delaySeconds() < 0 || message.delaySeconds() > MAX_DELAY_SECONDS) {
                throw new IllegalArgumentException(
                        "SQS refuses a visibility timeout of " + message.delaySeconds() + " s");
            }
        }
        if (!outage.isDown(Operation.DELAY_REDELIVERY)) {
            delays.addAll(requested);
        }
    }

    @Override
    public synchronized void deadLetter(String body, String failureCode) {
        outage.check(Operation.DEAD_LETTER);
        deadLetters.add(new DeadLetter(body == null || body.isEmpty() ? "(empty)" : body, failureCode));
    }

    @Override
    public synchronized List<ReportKey> peekDeadLetters(int max) {
        outage.check(Operation.PEEK_DEAD_LETTERS);
        return deadLetters.stream()
                .limit(max)
                .map(letter -> ReportMessage.decode(letter.body()))
                .flatMap(Optional::stream)
                .toList();
    }

    @Override
    public boolean isReachable() {
        return !outage.isDown(Operation.IS_REACHABLE);
    }
}
