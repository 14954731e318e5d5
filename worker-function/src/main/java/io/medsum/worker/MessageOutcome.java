package io.medsum.worker;

import io.medsum.common.domain.FailureCode;

/** What the worker tells SQS about one message. */
sealed interface MessageOutcome {
    /** Acknowledge: the report is finished, or this delivery has nothing left to do. */
    record Done() implements MessageOutcome {}

    /** Transient failure: return the message, visible again after {@code delaySeconds}. */
    record RetryLater(int delaySeconds) implements MessageOutcome {}

    /** The last allowed receive failed: return the message at once so SQS moves it to the DLQ. */
    record ToDeadLetterQueue() implements MessageOutcome {}

    /**
     * Failed for good on an earlier receive, in a way an operator can fix and redrive: send the message to the DLQ now
     * with its reason, then acknowledge it (returning it would only repeat the failure).
     */
    record DeadLetterNow(FailureCode code) implements MessageOutcome {}

    MessageOutcome DONE = new Done();
}
