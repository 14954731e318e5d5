package io.medsum.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportIds;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportStatus;
import io.medsum.common.domain.ReportSubmission;
import io.medsum.common.http.ProblemType;
import io.medsum.common.ports.IdempotencyStore.Reservation;
import io.medsum.common.testing.InMemoryIdempotencyStore;
import io.medsum.common.testing.InMemoryReportStore;
import io.medsum.common.testing.InMemoryWorkQueue;
import io.medsum.common.testing.MutableClock;
import io.medsum.common.testing.RecordingPipelineMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Accepting reports, phase by phase (docs/architecture.md, "No report is stranded" and "Idempotency-Key"): the key
 * reserved, the PENDING record written, its message queued, the enqueue confirmed; and what each failure leaves behind.
 */
class ReportIntakeTest {
    private static final String CALLER = "apikey:test";
    private static final Duration RETENTION = Duration.ofDays(90);
    private static final Duration LOCK = Duration.ofSeconds(60);

    private final MutableClock clock = MutableClock.at("2026-12-02T10:00:00Z");
    private final InMemoryReportStore reports = new InMemoryReportStore();
    private final InMemoryWorkQueue queue = new InMemoryWorkQueue();
    private final InMemoryIdempotencyStore keys = new InMemoryIdempotencyStore(Duration.ofHours(24), LOCK);
    private final RecordingPipelineMetrics metrics = new RecordingPipelineMetrics();
    private final ExecutorService io = Executors.newFixedThreadPool(4);
    private final ReportIntake intake = new ReportIntake(reports, queue, keys, metrics, clock, RETENTION, io);

    @AfterEach
    void stopPool() {
        io.shutdownNow();
    }

    private static ReportSubmission report(String patientId, String text) {
        return new ReportSubmission(patientId, text, "MedicalRecord", Map.of("urgency", "HIGH"));
    }

    private static Submission submission(String patientId, String text) {
        return new Submission(report(patientId, text), Optional.empty());
    }

    private static Submission submission(String patientId, String text, String idempotencyKey) {
        return new Submission(report(patientId, text), Optional.of(IdempotencyKey.of(idempotencyKey)));
    }

    private static ReportKey accepted(IntakeOutcome outcome) {
        assertThat(outcome).isInstanceOf(IntakeOutcome.Accepted.class);
        return ((IntakeOutcome.Accepted) outcome).key();
    }

    private static void refused(IntakeOutcome outcome, ProblemType problem) {
        assertThat(outcome)
                .isInstanceOfSatisfying(
                        IntakeOutcome.Refused.class,
                        refused -> assertThat(refused.problem()).isEqualTo(problem));
    }

    private List<ReportKey> awaitingEnqueue() {
        return reports.findAwaitingEnqueue(Long.MAX_VALUE, 1000);
    }

    /** A first request that reserved its key (and maybe wrote its record), then died. */
    private ReportKey aRequestThatDied(Submission submission, boolean wroteItsRecord) {
        ReportKey key = new ReportKey(submission.report().patientId(), ReportIds.next());
        String hash = submission.idempotencyKey().orElseThrow().hash(CALLER);
        assertThat(keys.reserve(hash, IdempotencyKeys.fingerprint(submission.report()), key, clock.epochSecond()))
                .isEqualTo(new Reservation.Reserved(key));
        if (wroteItsRecord) {
            reports.create(Report.pending(
                    key, "apikey:test", submission.report(), clock.epochSecond(), RETENTION.toSeconds()));
        }
        return key;
    }

    @Nested
    class OneReport {

        @Test
        void isStoredPendingThenQueuedThenConfirmedAndCounted() {
            ReportKey key = accepted(intake.submit(CALLER, submission("PATIENT-001", "Chest pain.")));

            Report stored = reports.find(key).orElseThrow();
            assertThat(stored.status()).isEqualTo(ReportStatus.PENDING);
            assertThat(stored.originalText()).isEqualTo("Chest pain.");
            assertThat(stored.metadata()).containsEntry("urgency", "HIGH");
            assertThat(stored.createdAt()).isEqualTo(clock.epochSecond());
            assertThat(stored.expiresAt()).isEqualTo(clock.epochSecond() + RETENTION.toSeconds());
            assertThat(queue.messages()).containsExactly(key);
            assertThat(awaitingEnqueue())
                    .as("confirmed: out of the reconciler's view")
                    .isEmpty();
            assertThat(metrics.acceptedCount()).isEqualTo(1);
        }

        @Test
        void getsAFreshIdEvenForTheSameText() {
            ReportKey first = accepted(intake.submit(CALLER, submission("PATIENT-001", "Same text.")));
            ReportKey second = accepted(intake.submit(CALLER, submission("PATIENT-001", "Same text.")));

            assertThat(ReportIds.isValid(first.reportId())).isTrue();
            assertThat(second.reportId()).isNotEqualTo(first.reportId());
            assertThat(reports.size()).isEqualTo(2);
        }

        @Test
        void whenTheRecordCannotBeWrittenNothingIsQueuedAndTheClientIsToldToRetry() {
            reports.outage().of(InMemoryReportStore.Operation.CREATE);

            refused(intake.submit(CALLER, submission("PATIENT-001", "Chest pain.")), ProblemType.UNAVAILABLE);

            assertThat(queue.messages()).isEmpty();
            assertThat(metrics.acceptedCount()).isZero();
        }

        @Test
        void whenTheEnqueueFailsTheRecordIsRemovedAndTheClientIsToldToRetry() {
            queue.outage().of(InMemoryWorkQueue.Operation.ENQUEUE);

            refused(intake.submit(CALLER, submission("PATIENT-001", "Chest pain.")), ProblemType.ENQUEUE_FAILED);

            assertThat(reports.size()).isZero();
            assertThat(metrics.acceptedCount()).isZero();
        }

        @Test
        void whenTheCompensationFailsTooTheRecordIsLeftForTheReconciler() {
            queue.outage().of(InMemoryWorkQueue.Operation.ENQUEUE);
            reports.outage().of(InMemoryReportStore.Operation.DELETE_IF_PENDING);

            refused(intake.submit(CALLER, submission("PATIENT-001", "Chest pain.")), ProblemType.ENQUEUE_FAILED);

            assertThat(reports.size()).isEqualTo(1);
            assertThat(awaitingEnqueue()).hasSize(1);
        }

        @Test
        void whenTheConfirmationFailsTheReportIsAcceptedAllTheSame() {
            reports.outage().of(InMemoryReportStore.Operation.MARK_ENQUEUED);

            ReportKey key = accepted(intake.submit(CALLER, submission("PATIENT-001", "Chest pain.")));

            assertThat(queue.messages()).containsExactly(key);
            assertThat(awaitingEnqueue())
                    .as("the reconciler may send a duplicate; the claim makes it a no-op")
                    .containsExactly(key);
            assertThat(metrics.acceptedCount()).isEqualTo(1);
        }
    }

    @Nested
    class IdempotencyKeysOfOneReport {

        @Test
        void theSameKeyAndBodyReplayTheFirstReportWithoutASecondRecordOrMessage() {
            ReportKey first = accepted(intake.submit(CALLER, submission("PATIENT-001", "Chest pain.", "key-1")));

            IntakeOutcome again = intake.submit(CALLER, submission("PATIENT-001", "Chest pain.", "key-1"));

            assertThat(again).isEqualTo(new IntakeOutcome.Accepted(first, true));
            assertThat(reports.size()).isEqualTo(1);
            assertThat(queue.messages()).containsExactly(first);
            assertThat(metrics.acceptedCount())
                    .as("a replay is not a new report")
                    .isEqualTo(1);
        }

        @Test
        void theSameKeyWithAnotherBodyIsRefusedAndWritesNothing() {
            intake.submit(CALLER, submission("PATIENT-001", "Chest pain.", "key-1"));

            refused(
                    intake.submit(CALLER, submission("PATIENT-001", "Something else.", "key-1")),
                    ProblemType.IDEMPOTENCY_MISMATCH);

            assertThat(reports.size()).isEqualTo(1);
            assertThat(queue.messages()).hasSize(1);
        }

        @Test
        void theSameKeyWhileTheFirstRequestIsStillWorkingIsRefusedAsInFlight() {
            Submission submission = submission("PATIENT-001", "Chest pain.", "key-1");
            aRequestThatDied(submission, false);
            clock.advance(LOCK.minusSeconds(1));

            refused(intake.submit(CALLER, submission), ProblemType.IDEMPOTENCY_IN_FLIGHT);

            assertThat(reports.size()).isZero();
        }

        @Test
        void aRetryAfterTheFirstRequestDiedFinishesTheSameReportWithoutOverwritingIt() {
            Submission submission = submission("PATIENT-001", "Chest pain.", "key-1");
            ReportKey first = aRequestThatDied(submission, true);
            long firstWrite = clock.epochSecond();
            clock.advance(LOCK);

            assertThat(intake.submit(CALLER, submission)).isEqualTo(new IntakeOutcome.Accepted(first, false));

            assertThat(reports.size()).isEqualTo(1);
            assertThat(reports.find(first).orElseThrow().createdAt()).isEqualTo(firstWrite);
            assertThat(queue.messages()).containsExactly(first);
            assertThat(awaitingEnqueue()).isEmpty();
        }

        @Test
        void aRetryAfterTheFirstRequestDiedBeforeWritingWritesTheReportUnderTheReservedId() {
            Submission submission = submission("PATIENT-001", "Chest pain.", "key-1");
            ReportKey first = aRequestThatDied(submission, false);
            clock.advance(LOCK);

            assertThat(intake.submit(CALLER, submission)).isEqualTo(new IntakeOutcome.Accepted(first, false));
            assertThat(reports.find(first)).isPresent();
        }

        @Test
        void aRetryThatTookOverButCouldNotEnqueueLeavesTheEarlierRecordForTheReconciler() {
            Submission submission = submission("PATIENT-001", "Chest pain.", "key-1");
            ReportKey first = aRequestThatDied(submission, true);
            clock.advance(LOCK);
            queue.outage().of(InMemoryWorkQueue.Operation.ENQUEUE);

            refused(intake.submit(CALLER, submission), ProblemType.ENQUEUE_FAILED);

            assertThat(reports.find(first))
                    .as("not this request's record to delete")
                    .isPresent();
            assertThat(awaitingEnqueue()).containsExactly(first);
        }

        @Test
        void keysAreScopedByCaller() {
            ReportKey mine = accepted(intake.submit(CALLER, submission("PATIENT-001", "Chest pain.", "key-1")));
            ReportKey theirs =
                    accepted(intake.submit("apikey:someone-else", submission("PATIENT-001", "Chest pain.", "key-1")));

            assertThat(theirs).isNotEqualTo(mine);
        }

        @Test
        void whenTheKeyStoreIsDownNothingIsWritten() {
            keys.outage().of(InMemoryIdempotencyStore.Operation.RESERVE);

            refused(intake.submit(CALLER, submission("PATIENT-001", "Chest pain.", "key-1")), ProblemType.UNAVAILABLE);

            assertThat(reports.size()).isZero();
            assertThat(queue.messages()).isEmpty();
        }

        @Test
        void aFailedWriteFreesTheKeyForTheClientsRetry() {
            reports.outage().of(InMemoryReportStore.Operation.CREATE);
            intake.submit(CALLER, submission("PATIENT-001", "Chest pain.", "key-1"));
            reports.outage().end();

            accepted(intake.submit(CALLER, submission("PATIENT-001", "Chest pain.", "key-1")));
        }

        @Test
        void aFailedEnqueueFreesTheKeyForTheClientsRetry() {
            queue.outage().of(InMemoryWorkQueue.Operation.ENQUEUE);
            intake.submit(CALLER, submission("PATIENT-001", "Chest pain.", "key-1"));
            queue.outage().end();

            accepted(intake.submit(CALLER, submission("PATIENT-001", "Chest pain.", "key-1")));
            assertThat(keys.size()).isEqualTo(1);
        }

        @Test
        void whenTheCompensationFailsTheKeyStaysLockedThenARetryFinishesTheStrandedReport() {
            queue.outage().of(InMemoryWorkQueue.Operation.ENQUEUE);
            reports.outage().of(InMemoryReportStore.Operation.DELETE_IF_PENDING);
            intake.submit(CALLER, submission("PATIENT-001", "Chest pain.", "key-1"));
            queue.outage().end();
            reports.outage().end();
            ReportKey stranded = awaitingEnqueue().get(0);

            refused(
                    intake.submit(CALLER, submission("PATIENT-001", "Chest pain.", "key-1")),
                    ProblemType.IDEMPOTENCY_IN_FLIGHT);
            clock.advance(LOCK);

            assertThat(intake.submit(CALLER, submission("PATIENT-001", "Chest pain.", "key-1")))
                    .isEqualTo(new IntakeOutcome.Accepted(stranded, false));
            assertThat(reports.size()).isEqualTo(1);
        }
    }

    @Nested
    class ABatch {

        @Test
        void storesQueuesAndAcceptsEveryItemAnsweringInSubmissionOrder() {
            List<IntakeOutcome> outcomes = intake.submitAll(
                    CALLER,
                    List.of(
                            submission("PATIENT-A", "One."),
                            submission("PATIENT-B", "Two."),
                            submission("PATIENT-C", "Three.")));

            assertThat(outcomes)
                    .extracting(o -> accepted(o).patientId())
                    .containsExactly("PATIENT-A", "PATIENT-B", "PATIENT-C");
            assertThat(queue.messages())
                    .containsExactlyInAnyOrderElementsOf(
                            outcomes.stream().map(ReportIntakeTest::accepted).toList());
            assertThat(awaitingEnqueue()).isEmpty();
            assertThat(metrics.acceptedCount()).isEqualTo(3);
        }

        @Test
        void reportIdsFollowSubmissionOrderSoANewestFirstListingKeepsTheBatchsOrder() {
            List<Submission> batch = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                batch.add(submission("PATIENT-ORDER", "Report " + i + "."));
            }

            List<String> ids = intake.submitAll(CALLER, batch).stream()
                    .map(o -> accepted(o).reportId())
                    .toList();

            assertThat(ids).isSorted().doesNotHaveDuplicates();
        }

        @Test
        void aBatchOfOneIsAcceptedLikeAnyOther() {
            ReportKey key = accepted(intake.submitAll(CALLER, List.of(submission("PATIENT-A", "One.")))
                    .get(0));
            assertThat(queue.messages()).containsExactly(key);
        }

        @Test
        void itemsThatCouldNotBeStoredAreRefusedAndTheirKeysFreed() {
            reports.outage().of(InMemoryReportStore.Operation.CREATE_ALL);

            List<IntakeOutcome> outcomes = intake.submitAll(
                    CALLER, List.of(submission("PATIENT-A", "One.", "key-a"), submission("PATIENT-B", "Two.")));

            outcomes.forEach(o -> refused(o, ProblemType.UNAVAILABLE));
            assertThat(queue.messages()).isEmpty();
            assertThat(keys.size()).isZero();
            assertThat(metrics.acceptedCount()).isZero();
        }

        @Test
        void itemsWhoseMessageCouldNotBeSentAreRefusedAndTheirRecordsRemoved() {
            queue.refuseMessagesFor(key -> key.patientId().equals("PATIENT-B"));

            List<IntakeOutcome> outcomes = intake.submitAll(
                    CALLER,
                    List.of(
                            submission("PATIENT-A", "One."),
                            submission("PATIENT-B", "Two.", "key-b"),
                            submission("PATIENT-C", "Three.")));

            accepted(outcomes.get(0));
            refused(outcomes.get(1), ProblemType.ENQUEUE_FAILED);
            accepted(outcomes.get(2));
            assertThat(reports.size()).isEqualTo(2);
            assertThat(reports.list("PATIENT-B", Optional.empty(), 10, null).items())
                    .isEmpty();
            assertThat(keys.size()).as("key-b freed for the retry").isZero();
            assertThat(metrics.acceptedCount()).isEqualTo(2);
        }

        @Test
        void aQueueOutageRefusesEveryItemAndKeepsNoRecord() {
            queue.outage().of(InMemoryWorkQueue.Operation.ENQUEUE_ALL);

            List<IntakeOutcome> outcomes =
                    intake.submitAll(CALLER, List.of(submission("PATIENT-A", "One."), submission("PATIENT-B", "Two.")));

            outcomes.forEach(o -> refused(o, ProblemType.ENQUEUE_FAILED));
            assertThat(reports.size()).isZero();
        }

        @Test
        void replaysRefusalsAndNewItemsMixAndOnlyNewOnesAreCounted() {
            ReportKey earlier = accepted(intake.submit(CALLER, submission("PATIENT-A", "One.", "key-a")));

            List<IntakeOutcome> outcomes = intake.submitAll(
                    CALLER,
                    List.of(
                            submission("PATIENT-A", "One.", "key-a"),
                            submission("PATIENT-A", "Changed.", "key-a"),
                            submission("PATIENT-B", "Two.", "key-b")));

            assertThat(outcomes.get(0)).isEqualTo(new IntakeOutcome.Accepted(earlier, true));
            refused(outcomes.get(1), ProblemType.IDEMPOTENCY_MISMATCH);
            assertThat(accepted(outcomes.get(2)).patientId()).isEqualTo("PATIENT-B");
            assertThat(metrics.acceptedCount()).isEqualTo(2);
            assertThat(reports.size()).isEqualTo(2);
        }

        @Test
        void aTakenOverItemIsWrittenConditionallySoItsExistingRecordIsNeverOverwritten() {
            Submission retried = submission("PATIENT-A", "One.", "key-a");
            ReportKey first = aRequestThatDied(retried, true);
            long firstWrite = clock.epochSecond();
            clock.advance(LOCK);

            List<IntakeOutcome> outcomes = intake.submitAll(CALLER, List.of(retried, submission("PATIENT-B", "Two.")));

            assertThat(outcomes.get(0)).isEqualTo(new IntakeOutcome.Accepted(first, false));
            accepted(outcomes.get(1));
            assertThat(reports.find(first).orElseThrow().createdAt()).isEqualTo(firstWrite);
            assertThat(queue.messages()).contains(first).hasSize(2);
        }
    }
}
