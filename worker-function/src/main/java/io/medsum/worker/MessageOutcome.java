package io.medsum.worker;

/** What the worker tells SQS about one message. */
sealed interface MessageOutcome {
    /** Acknowledge: the report is finished, or this delivery has nothing left to do. */
    record Done() implements MessageOutcome {}

    /** Transient failure: return the message, visible again after {@code delaySeconds}. */
    record RetryLater(int delaySeconds) implements MessageOutcome {}

    /** The last allowed receive failed: return the message at once so SQS moves it to the DLQ. */
    record ToDeadLetterQueue() implements MessageOutcome {}

    MessageOutcome DONE = new Done();
}
