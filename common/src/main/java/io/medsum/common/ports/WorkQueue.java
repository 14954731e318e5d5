package io.medsum.common.ports;

import io.medsum.common.domain.ReportKey;
import java.util.List;

/** The queue between ingest and worker. Messages carry only the report's key, never its text. */
public interface WorkQueue {

    void enqueue(ReportKey key);

    /** Sends in batches; returns the keys whose message could not be sent. */
    List<ReportKey> enqueueAll(List<ReportKey> keys);

    /** Delays the redelivery of a received message (backoff for transient errors). */
    void delayRedelivery(List<DelayedMessage> messages);

    /** Sends a message the worker cannot read straight to the dead-letter queue, with the reason. */
    void deadLetter(String body, String failureCode);

    /**
     * Reads up to {@code max} dead-letter messages without removing them (they stay for operators to inspect and
     * redrive) and returns the reports they name; unreadable messages are skipped.
     */
    List<ReportKey> peekDeadLetters(int max);

    boolean isReachable();

    record DelayedMessage(String receiptHandle, int delaySeconds) {}
}
