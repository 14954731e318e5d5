package io.medsum.notifier.delivery;

/** What the notifier tells SQS about one message of its batch. */
public sealed interface MessageOutcome {
    /** Delete it: delivered, fanned out, dropped, deferred as a new message, or dead-lettered by the notifier. */
    record Acknowledge() implements MessageOutcome {}

    /** Report it as a batch item failure, visible again after {@code delaySeconds} (the backoff). */
    record ReturnLater(int delaySeconds) implements MessageOutcome {}

    MessageOutcome ACKNOWLEDGE = new Acknowledge();
}
