package io.medsum.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import io.medsum.common.domain.FailureCode;
import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportIds;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportMessage;
import io.medsum.common.domain.ReportStatus;
import io.medsum.common.domain.ReportSubmission;
import io.medsum.common.notify.NotificationOutbox;
import io.medsum.common.ports.SummaryModel.ModelException;
import io.medsum.common.ports.SummaryModel.ModelSummary;
import io.medsum.common.ports.WorkQueue.DelayedMessage;
import io.medsum.common.retry.RetryBackoff;
import io.medsum.common.testing.FakeSummaryModel;
import io.medsum.common.testing.InMemoryReportStore;
import io.medsum.common.testing.InMemoryWorkQueue;
import io.medsum.common.testing.InMemoryWorkQueue.DeadLetter;
import io.medsum.common.testing.MutableClock;
import io.medsum.common.testing.RecordingPipelineMetrics;
import io.medsum.common.testing.RecordingPublisher;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One SQS batch: an outcome per message (batchItemFailures), so one bad message never fails the others; poison messages
 * and truncated summaries go to the DLQ; retried messages are delayed by their own backoff.
 */
class BatchProcessorTest {
    private static final int MAX_RECEIVES = 6;

    private final MutableClock clock = MutableClock.at("2026-12-02T10:00:00Z");
    private final InMemoryReportStore reports = new InMemoryReportStore();
    private final InMemoryWorkQueue queue = new InMemoryWorkQueue();
    private final RecordingPipelineMetrics metrics = new RecordingPipelineMetrics();
    /** Each report's text says how the model answers it. */
    private final FakeSummaryModel model = new FakeSummaryModel().always(text -> {
        if (text.startsWith("THROTTLED")) {
            throw new ModelException(FailureCode.MODEL_THROTTLED);
        }
        if (text.startsWith("INVALID")) {
            throw new ModelException(FailureCode.MODEL_VALIDATION);
        }
        if (text.startsWith("TRUNCATED")) {
            throw new ModelException(FailureCode.MODEL_OUTPUT_TRUNCATED);
        }
        if (text.startsWith("CRASH")) {
            throw new LinkageError("what a missing class or a broken library would throw");
        }
        return new ModelSummary("A summary.", 100, 10, FakeSummaryModel.MODEL_ID);
    });
    /** No jitter: 5 s on the first receive, then 10, 20, 40 ... */
    private final RetryBackoff backoff = new RetryBackoff(10, 300, bound -> 0);

    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final BatchProcessor batches = new BatchProcessor(
            new ReportProcessor(
                    reports,
                    model,
                    (report, summary) -> List.of(),
                    metrics,
                    clock,
                    new ProcessingPolicy(Duration.ofSeconds(120), MAX_RECEIVES, backoff, Optional.empty()),
                    new NotificationOutbox(reports, new RecordingPublisher(), "https://api.test/v1")),
            queue,
            pool);
    private int messageIds;

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private ReportKey submitted(String text) {
        ReportKey key = new ReportKey("PATIENT-001", ReportIds.next());
        reports.create(Report.pending(
                key,
                "apikey:test",
                new ReportSubmission(key.patientId(), text, "MedicalRecord", Map.of()),
                clock.epochSecond(),
                3600));
        return key;
    }

    private SQSMessage message(String body, String receiveCount) {
        int id = ++messageIds;
        SQSMessage message = new SQSMessage();
        message.setMessageId("message-" + id);
        message.setReceiptHandle("receipt-" + id);
        message.setBody(body);
        if (receiveCount != null) {
            Map<String, String> attributes = new HashMap<>();
            attributes.put("ApproximateReceiveCount", receiveCount);
            message.setAttributes(attributes);
        }
        return message;
    }

    private SQSMessage messageFor(ReportKey key, int receiveCount) {
        return message(ReportMessage.encode(key), Integer.toString(receiveCount));
    }

    private static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream()
                .map(BatchItemFailure::getItemIdentifier)
                .toList();
    }

    private ReportStatus status(ReportKey key) {
        return reports.find(key).orElseThrow().status();
    }

    @Test
    void aSummarizedReportsMessageIsAcknowledgedAndNothingIsDelayed() {
        ReportKey key = submitted("Chest pain.");

        SQSBatchResponse response = batches.process(List.of(messageFor(key, 1)));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(queue.delays()).isEmpty();
        assertThat(status(key)).isEqualTo(ReportStatus.SUCCESS);
    }

    @Test
    void everyMessageOfABatchGetsItsOwnOutcome() {
        ReportKey ok = submitted("Chest pain.");
        ReportKey throttled = submitted("THROTTLED");
        ReportKey invalid = submitted("INVALID");
        SQSMessage okMessage = messageFor(ok, 1);
        SQSMessage throttledMessage = messageFor(throttled, 2);
        SQSMessage poison = message("{\"not\":\"a report\"}", "1");
        SQSMessage invalidMessage = messageFor(invalid, 1);

        SQSBatchResponse response = batches.process(List.of(okMessage, throttledMessage, poison, invalidMessage));

        assertThat(failedIds(response)).containsExactly(throttledMessage.getMessageId());
        assertThat(queue.delays()).containsExactly(new DelayedMessage(throttledMessage.getReceiptHandle(), 10));
        assertThat(queue.deadLetters()).containsExactly(new DeadLetter(poison.getBody(), "MALFORMED_MESSAGE"));
        assertThat(status(ok)).isEqualTo(ReportStatus.SUCCESS);
        assertThat(status(throttled)).isEqualTo(ReportStatus.PENDING);
        assertThat(status(invalid)).isEqualTo(ReportStatus.FAILED);
    }

    @Test
    void aPoisonMessageGoesToTheDeadLetterQueueWithItsReasonAndIsAcknowledged() {
        SQSMessage poison = message("not json at all", "1");

        SQSBatchResponse response = batches.process(List.of(poison));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(queue.deadLetters()).containsExactly(new DeadLetter("not json at all", "MALFORMED_MESSAGE"));
        assertThat(model.calls()).isZero();
    }

    @Test
    void aPoisonMessageIsReturnedAtOnceForSqsToDeadLetterWhenTheDeadLetterQueueCannotBeReached() {
        queue.outage().of(InMemoryWorkQueue.Operation.DEAD_LETTER);
        SQSMessage poison = message("", "1");

        SQSBatchResponse response = batches.process(List.of(poison));

        assertThat(failedIds(response)).containsExactly(poison.getMessageId());
        assertThat(queue.delays()).containsExactly(new DelayedMessage(poison.getReceiptHandle(), 0));
    }

    @Test
    void aTruncatedSummarysMessageIsSentToTheDeadLetterQueueWithItsCodeAndAcknowledged() {
        ReportKey key = submitted("TRUNCATED");
        SQSMessage message = messageFor(key, 1);

        SQSBatchResponse response = batches.process(List.of(message));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(queue.deadLetters()).containsExactly(new DeadLetter(message.getBody(), "MODEL_OUTPUT_TRUNCATED"));
        assertThat(status(key)).isEqualTo(ReportStatus.FAILED);
    }

    @Test
    void aTruncatedSummarysMessageIsReturnedAtOnceWhenTheDeadLetterQueueCannotBeReached() {
        queue.outage().of(InMemoryWorkQueue.Operation.DEAD_LETTER);
        SQSMessage message = messageFor(submitted("TRUNCATED"), 1);

        SQSBatchResponse response = batches.process(List.of(message));

        assertThat(failedIds(response)).containsExactly(message.getMessageId());
        assertThat(queue.delays()).containsExactly(new DelayedMessage(message.getReceiptHandle(), 0));
    }

    @Test
    void aMessageOnItsLastReceiveIsReturnedAtOnceSoSqsMovesItToTheDeadLetterQueue() {
        ReportKey key = submitted("THROTTLED");
        SQSMessage message = messageFor(key, MAX_RECEIVES);

        SQSBatchResponse response = batches.process(List.of(message));

        assertThat(failedIds(response)).containsExactly(message.getMessageId());
        assertThat(queue.delays()).containsExactly(new DelayedMessage(message.getReceiptHandle(), 0));
        assertThat(queue.deadLetters())
                .as("SQS's redrive policy moves it, not the worker")
                .isEmpty();
        assertThat(reports.find(key).orElseThrow().lastErrorCode()).isEqualTo(FailureCode.RETRIES_EXHAUSTED);
    }

    @Test
    void aRetriedMessageIsDelayedByTheBackoffOfItsReceiveCount() {
        SQSMessage third = messageFor(submitted("THROTTLED"), 3);

        batches.process(List.of(third));

        assertThat(queue.delays()).containsExactly(new DelayedMessage(third.getReceiptHandle(), 20));
    }

    @Test
    void aMissingOrGarbledReceiveCountCountsAsTheFirstReceive() {
        SQSMessage missing = message(ReportMessage.encode(submitted("THROTTLED")), null);
        SQSMessage garbled = message(ReportMessage.encode(submitted("THROTTLED")), "many");

        batches.process(List.of(missing, garbled));

        assertThat(queue.delays())
                .containsExactlyInAnyOrder(
                        new DelayedMessage(missing.getReceiptHandle(), 5),
                        new DelayedMessage(garbled.getReceiptHandle(), 5));
    }

    @Test
    void aDeliveryThatFindsALiveClaimIsDelayedUntilTheLeaseEnds() {
        ReportKey key = submitted("Chest pain.");
        reports.claim(key, "another-worker", clock.epochSecond(), clock.epochSecond() + 90);
        SQSMessage duplicate = messageFor(key, 1);

        SQSBatchResponse response = batches.process(List.of(duplicate));

        assertThat(failedIds(response)).containsExactly(duplicate.getMessageId());
        assertThat(queue.delays()).containsExactly(new DelayedMessage(duplicate.getReceiptHandle(), 91));
    }

    @Test
    void aCrashWhileProcessingOneMessageReturnsItAtOnceAndLeavesTheOthersAlone() {
        ReportKey crashing = submitted("CRASH");
        ReportKey fine = submitted("Chest pain.");
        SQSMessage crashMessage = messageFor(crashing, 1);

        SQSBatchResponse response = batches.process(List.of(crashMessage, messageFor(fine, 1)));

        assertThat(failedIds(response)).containsExactly(crashMessage.getMessageId());
        assertThat(queue.delays()).containsExactly(new DelayedMessage(crashMessage.getReceiptHandle(), 0));
        assertThat(status(fine)).isEqualTo(ReportStatus.SUCCESS);
        assertThat(status(crashing))
                .as("its lease runs out, then a redelivery claims it")
                .isEqualTo(ReportStatus.PROCESSING);
    }

    @Test
    void anEmptyBatchHasNoFailuresAndDelaysNothing() {
        assertThat(batches.process(List.of()).getBatchItemFailures()).isEmpty();
        assertThat(queue.delays()).isEmpty();
    }
}
