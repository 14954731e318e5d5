package io.medsum.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.medsum.common.domain.FailureCode;
import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportIds;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportStatus;
import io.medsum.common.domain.ReportSubmission;
import io.medsum.common.domain.Review;
import io.medsum.common.notify.Notification;
import io.medsum.common.notify.NotificationIds;
import io.medsum.common.notify.NotificationOutbox;
import io.medsum.common.notify.NotificationType;
import io.medsum.common.ports.ReportStore.Claim;
import io.medsum.common.ports.ReportStore.SummaryResult;
import io.medsum.common.ports.SummaryModel.ModelException;
import io.medsum.common.retry.RetryBackoff;
import io.medsum.common.testing.FakeSummaryModel;
import io.medsum.common.testing.InMemoryReportStore;
import io.medsum.common.testing.InMemoryReportStore.Operation;
import io.medsum.common.testing.MutableClock;
import io.medsum.common.testing.RecordingPipelineMetrics;
import io.medsum.common.testing.RecordingPublisher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How one delivery takes a report to its next state (docs/architecture.md, "Claim and lease" and "Errors: which are
 * retried"), through the in-memory store and a scripted model.
 */
class ReportProcessorTest {
    private static final Duration LEASE = Duration.ofSeconds(120);
    private static final int MAX_RECEIVES = 6;
    private static final String TEXT = "HISTORY: Chest pain for two days. ASSESSMENT: Stable angina. "
            + "PLAN: Aspirin 81 mg daily and a cardiology referral.";

    private final MutableClock clock = MutableClock.at("2026-12-02T10:00:00Z");
    private final InMemoryReportStore reports = new InMemoryReportStore();
    private final FakeSummaryModel model = new FakeSummaryModel();
    private final RecordingPipelineMetrics metrics = new RecordingPipelineMetrics();
    /** No jitter: 5 s on the first receive, then 10, 20, 40 ... */
    private final RetryBackoff backoff = new RetryBackoff(10, 300, bound -> 0);
    /** What the faithfulness check answers in these tests: by default, every fact verified. */
    private List<Review.Finding> unverified = List.of();

    private final SummaryVerifier verifier = (report, summary) -> {
        if (summary.contains("CHECK-CRASH")) {
            throw new IllegalStateException("a bug in the check");
        }
        return unverified;
    };

    private final RecordingPublisher publisher = new RecordingPublisher();
    private final ReportProcessor processor = processor(Optional.empty());
    private final ReportProcessor withFallback = processor(Optional.of(new FallbackSummaries(2048)));

    private ReportProcessor processor(Optional<FallbackSummaries> fallback) {
        return new ReportProcessor(
                reports,
                model,
                verifier,
                metrics,
                clock,
                new ProcessingPolicy(LEASE, MAX_RECEIVES, backoff, fallback),
                new NotificationOutbox(reports, publisher, "https://api.test/v1"));
    }

    private ReportKey submitted() {
        ReportKey key = new ReportKey("PATIENT-001", ReportIds.next());
        reports.create(Report.pending(
                key,
                "apikey:test",
                new ReportSubmission(key.patientId(), TEXT, "MedicalRecord", Map.of()),
                clock.epochSecond() - 30,
                Duration.ofDays(90).toSeconds()));
        return key;
    }

    private Report record(ReportKey key) {
        return reports.find(key).orElseThrow();
    }

    private long now() {
        return clock.epochSecond();
    }

    private MessageOutcome retryLater(int receiveCount) {
        return new MessageOutcome.RetryLater(backoff.delaySeconds(receiveCount));
    }

    /** Whether an operator's redrive could claim the report again. */
    private boolean redrivable(ReportKey key) {
        return reports.claim(key, "operator-redrive", now(), now() + 60) instanceof Claim.Claimed;
    }

    @Nested
    class TheClaim {

        @Test
        void aPendingReportIsSummarizedAndStoredAsSuccessWithItsTokensAndModel() {
            ReportKey key = submitted();

            assertThat(processor.process(key, 1)).isEqualTo(MessageOutcome.DONE);

            Report done = record(key);
            assertThat(done.status()).isEqualTo(ReportStatus.SUCCESS);
            assertThat(done.summary()).isEqualTo("Stable angina; aspirin and a cardiology referral.");
            assertThat(done.summarySource()).isEqualTo("model");
            assertThat(done.modelId()).isEqualTo(FakeSummaryModel.MODEL_ID);
            assertThat(done.inputTokens()).isEqualTo(120);
            assertThat(done.outputTokens()).isEqualTo(14);
            assertThat(done.attempts()).isEqualTo(1);
            assertThat(model.inputs()).containsExactly(TEXT);
            assertThat(metrics.modelCalls()).isEqualTo(1);
            assertThat(metrics.successSources()).containsExactly("model");
        }

        @Test
        void theReportIsHeldForTheLeaseWhileTheModelWorks() {
            ReportKey key = submitted();
            model.once(text -> {
                assertThat(reports.claim(key, "duplicate", now(), now() + 120))
                        .isEqualTo(new Claim.HeldByAnother(now() + LEASE.toSeconds()));
                return model.summary("A summary.", 10, 3);
            });

            assertThat(processor.process(key, 1)).isEqualTo(MessageOutcome.DONE);
            assertThat(model.calls()).isEqualTo(1);
        }

        @Test
        void aMessageWhoseReportDoesNotExistIsAcknowledgedWithoutAModelCall() {
            assertThat(processor.process(new ReportKey("PATIENT-001", ReportIds.next()), 1))
                    .isEqualTo(MessageOutcome.DONE);
            assertThat(model.calls()).isZero();
        }

        @Test
        void aDuplicateDeliveryOfASucceededReportIsAcknowledgedWithoutAModelCall() {
            ReportKey key = submitted();
            processor.process(key, 1);

            assertThat(processor.process(key, 1)).isEqualTo(MessageOutcome.DONE);
            assertThat(model.calls()).isEqualTo(1);
            assertThat(record(key).attempts()).isEqualTo(1);
        }

        @Test
        void aDeliveryOfAReportThatFailedForGoodIsAcknowledgedWithoutAModelCall() {
            ReportKey key = submitted();
            model.failsOnceWith(FailureCode.MODEL_VALIDATION);
            processor.process(key, 1);

            assertThat(processor.process(key, 2)).isEqualTo(MessageOutcome.DONE);
            assertThat(model.calls()).isEqualTo(1);
            assertThat(record(key).status()).isEqualTo(ReportStatus.FAILED);
        }

        @Test
        void aDeliveryThatFindsALiveClaimComesBackOneSecondAfterTheLeaseEnds() {
            ReportKey key = submitted();
            reports.claim(key, "another-worker", now() - 20, now() + 100);

            assertThat(processor.process(key, 1)).isEqualTo(new MessageOutcome.RetryLater(101));
            assertThat(model.calls()).isZero();
            assertThat(record(key).status()).isEqualTo(ReportStatus.PROCESSING);
        }

        @Test
        void aLeaseEndingThisSecondStillMakesTheDeliveryWaitOneSecond() {
            ReportKey key = submitted();
            reports.claim(key, "another-worker", now() - 120, now());

            assertThat(processor.process(key, 1)).isEqualTo(new MessageOutcome.RetryLater(1));
        }

        @Test
        void noLeaseIsWaitedForLongerThanSqsAllowsAMessageToStayInvisible() {
            ReportKey key = submitted();
            reports.claim(key, "another-worker", now(), now() + 100_000);

            assertThat(processor.process(key, 1))
                    .isEqualTo(new MessageOutcome.RetryLater(RetryBackoff.MAX_DELAY_SECONDS));
        }

        @Test
        void aDeadWorkersExpiredClaimIsTakenOverAndItsLateWriteFencedOff() {
            ReportKey key = submitted();
            reports.claim(key, "dead-worker", now() - 200, now() - 80);

            assertThat(processor.process(key, 2)).isEqualTo(MessageOutcome.DONE);

            assertThat(record(key).status()).isEqualTo(ReportStatus.SUCCESS);
            assertThat(record(key).attempts()).isEqualTo(2);
            assertThat(reports.succeed(
                            key,
                            "dead-worker",
                            new SummaryResult("late", "model", "m", 1, 1),
                            now(),
                            NotificationIds.next()))
                    .isFalse();
            assertThat(record(key).summary()).isNotEqualTo("late");
        }

        @Test
        void aRedrivenReportWhoseRetriesRanOutIsClaimedAgainAndSucceeds() {
            ReportKey key = submitted();
            model.failsOnceWith(FailureCode.MODEL_THROTTLED);
            processor.process(key, MAX_RECEIVES);
            assertThat(record(key).lastErrorCode()).isEqualTo(FailureCode.RETRIES_EXHAUSTED);

            assertThat(processor.process(key, 1)).isEqualTo(MessageOutcome.DONE);

            assertThat(record(key).status()).isEqualTo(ReportStatus.SUCCESS);
            assertThat(record(key).lastErrorCode()).isNull();
        }
    }

    @Nested
    class TransientFailures {

        @ParameterizedTest
        @EnumSource(
                value = FailureCode.class,
                names = {"MODEL_THROTTLED", "MODEL_UNAVAILABLE", "MODEL_TIMEOUT"})
        void beforeTheLastReceiveReleaseTheReportToPendingAndRetryWithBackoff(FailureCode code) {
            ReportKey key = submitted();
            model.failsWith(code);

            assertThat(processor.process(key, 2)).isEqualTo(retryLater(2)).isEqualTo(new MessageOutcome.RetryLater(10));

            Report released = record(key);
            assertThat(released.status()).isEqualTo(ReportStatus.PENDING);
            assertThat(released.lastErrorCode()).isEqualTo(code);
            assertThat(metrics.retries()).containsExactly(code);
            assertThat(metrics.failedModelCalls()).containsExactly(code);
            assertThat(metrics.failures()).isEmpty();
        }

        @Test
        void theBackoffGrowsWithTheReceiveCount() {
            model.failsWith(FailureCode.MODEL_THROTTLED);

            assertThat(processor.process(submitted(), 1)).isEqualTo(new MessageOutcome.RetryLater(5));
            assertThat(processor.process(submitted(), 3)).isEqualTo(new MessageOutcome.RetryLater(20));
        }

        @ParameterizedTest
        @EnumSource(
                value = FailureCode.class,
                names = {"MODEL_THROTTLED", "MODEL_UNAVAILABLE", "MODEL_TIMEOUT"})
        void onTheLastReceiveFailTheReportAsRetriesExhaustedAndLetSqsDeadLetterTheMessage(FailureCode code) {
            ReportKey key = submitted();
            model.failsWith(code);

            assertThat(processor.process(key, MAX_RECEIVES)).isEqualTo(new MessageOutcome.ToDeadLetterQueue());

            assertThat(record(key).status()).isEqualTo(ReportStatus.FAILED);
            assertThat(record(key).lastErrorCode()).isEqualTo(FailureCode.RETRIES_EXHAUSTED);
            assertThat(metrics.failures()).containsExactly(FailureCode.RETRIES_EXHAUSTED);
            assertThat(metrics.retries()).isEmpty();
            assertThat(redrivable(key)).isTrue();
        }

        @Test
        void aReceiveBeyondTheLimitCountsAsTheLast() {
            ReportKey key = submitted();
            model.failsWith(FailureCode.MODEL_THROTTLED);

            assertThat(processor.process(key, MAX_RECEIVES + 3)).isEqualTo(new MessageOutcome.ToDeadLetterQueue());
            assertThat(record(key).lastErrorCode()).isEqualTo(FailureCode.RETRIES_EXHAUSTED);
        }

        @Test
        void anUnexpectedErrorIsRetriedAsAnInternalError() {
            ReportKey key = submitted();
            model.always(text -> {
                throw new IllegalStateException("a bug, not a classified model failure");
            });

            assertThat(processor.process(key, 1)).isEqualTo(retryLater(1));

            assertThat(record(key).status()).isEqualTo(ReportStatus.PENDING);
            assertThat(record(key).lastErrorCode()).isEqualTo(FailureCode.INTERNAL_ERROR);
            assertThat(metrics.retries()).containsExactly(FailureCode.INTERNAL_ERROR);
            assertThat(metrics.failedModelCalls()).as("not a model failure").isEmpty();
        }

        @Test
        void anUnexpectedErrorOnTheLastReceiveFailsTheReportAsRetriesExhausted() {
            ReportKey key = submitted();
            model.always(text -> {
                throw new IllegalStateException("a bug");
            });

            assertThat(processor.process(key, MAX_RECEIVES)).isEqualTo(new MessageOutcome.ToDeadLetterQueue());
            assertThat(record(key).lastErrorCode()).isEqualTo(FailureCode.RETRIES_EXHAUSTED);
        }
    }

    @Nested
    class ConfigurationFailures {

        @ParameterizedTest
        @EnumSource(
                value = FailureCode.class,
                names = {"MODEL_ACCESS_DENIED", "MODEL_NOT_FOUND"})
        void areRetriedLikeTransientOnesWhileSomeoneFixesTheConfiguration(FailureCode code) {
            ReportKey key = submitted();
            model.failsWith(code);

            assertThat(processor.process(key, 1)).isEqualTo(retryLater(1));
            assertThat(record(key).status()).isEqualTo(ReportStatus.PENDING);
            assertThat(record(key).lastErrorCode()).isEqualTo(code);
            assertThat(metrics.retries()).containsExactly(code);
        }

        @ParameterizedTest
        @EnumSource(
                value = FailureCode.class,
                names = {"MODEL_ACCESS_DENIED", "MODEL_NOT_FOUND"})
        void onTheLastReceiveFailTheReportWithTheirOwnCodeNotRetriesExhausted(FailureCode code) {
            ReportKey key = submitted();
            model.failsWith(code);

            assertThat(processor.process(key, MAX_RECEIVES)).isEqualTo(new MessageOutcome.ToDeadLetterQueue());

            assertThat(record(key).status()).isEqualTo(ReportStatus.FAILED);
            assertThat(record(key).lastErrorCode()).isEqualTo(code);
            assertThat(metrics.failures()).containsExactly(code);
            assertThat(redrivable(key))
                    .as("fix the configuration, then redrive")
                    .isTrue();
        }
    }

    @Nested
    class PermanentFailures {

        @ParameterizedTest
        @EnumSource(
                value = FailureCode.class,
                names = {"MODEL_VALIDATION", "MODEL_CONTENT_FILTERED", "MODEL_OUTPUT_INVALID"})
        void failTheReportAtOnceAndAcknowledgeTheMessage(FailureCode code) {
            ReportKey key = submitted();
            model.failsWith(code);

            assertThat(processor.process(key, 1)).isEqualTo(MessageOutcome.DONE);

            assertThat(record(key).status()).isEqualTo(ReportStatus.FAILED);
            assertThat(record(key).lastErrorCode()).isEqualTo(code);
            assertThat(metrics.failures()).containsExactly(code);
            assertThat(metrics.failedModelCalls()).containsExactly(code);
            assertThat(metrics.retries()).isEmpty();
            assertThat(redrivable(key)).as("replaying cannot help").isFalse();
        }

        @Test
        void aTruncatedSummaryFailsTheReportAndSendsItsMessageToTheDeadLetterQueueAtOnce() {
            ReportKey key = submitted();
            model.failsWith(FailureCode.MODEL_OUTPUT_TRUNCATED);

            assertThat(processor.process(key, 1))
                    .isEqualTo(new MessageOutcome.DeadLetterNow(FailureCode.MODEL_OUTPUT_TRUNCATED));

            assertThat(record(key).status()).isEqualTo(ReportStatus.FAILED);
            assertThat(record(key).lastErrorCode()).isEqualTo(FailureCode.MODEL_OUTPUT_TRUNCATED);
            assertThat(record(key).summary())
                    .as("a cut-off summary is never stored")
                    .isNull();
            assertThat(metrics.failures()).containsExactly(FailureCode.MODEL_OUTPUT_TRUNCATED);
            assertThat(redrivable(key))
                    .as("raise MaxOutputTokens, then redrive")
                    .isTrue();
        }
    }

    @Nested
    class TheFaithfulnessGate {

        @Test
        void aSummaryWithUnverifiedFactsIsKeptForReviewNotStoredAsSuccess() {
            ReportKey key = submitted();
            unverified = List.of(new Review.Finding("number", "325 mg"), new Review.Finding("laterality", "left"));

            assertThat(processor.process(key, 1)).isEqualTo(MessageOutcome.DONE);

            Report kept = record(key);
            assertThat(kept.status()).isEqualTo(ReportStatus.NEEDS_REVIEW);
            assertThat(kept.summary()).isEqualTo("Stable angina; aspirin and a cardiology referral.");
            assertThat(kept.review().findings()).containsExactlyElementsOf(unverified);
            assertThat(metrics.successSources()).isEmpty();
            assertThat(metrics.reviews()).containsExactly(2);
        }

        @Test
        void aCheckThatBreaksSendsTheWholeSummaryToReviewInsteadOfWavingItThrough() {
            ReportKey key = submitted();
            model.summarizesAs("CHECK-CRASH summary", 100, 5);

            processor.process(key, 1);

            Report kept = record(key);
            assertThat(kept.status()).isEqualTo(ReportStatus.NEEDS_REVIEW);
            assertThat(kept.review().findings())
                    .containsExactly(new Review.Finding(ReportProcessor.UNCHECKED, "CHECK-CRASH summary"));
        }

        @Test
        void aFallbackSummaryPassesThroughTheSameGate() {
            ReportKey key = submitted();
            model.failsWith(FailureCode.MODEL_VALIDATION);
            unverified = List.of(new Review.Finding("medication", "aspirin"));

            withFallback.process(key, 1);

            assertThat(record(key).status()).isEqualTo(ReportStatus.NEEDS_REVIEW);
            assertThat(record(key).summarySource()).isEqualTo(FallbackSummaries.SOURCE);
        }
    }

    @Nested
    class TheFallbackSummarizer {

        @Test
        void turnsAPermanentFailureIntoASuccessMarkedAsFallback() {
            ReportKey key = submitted();
            model.failsWith(FailureCode.MODEL_VALIDATION);

            assertThat(withFallback.process(key, 1)).isEqualTo(MessageOutcome.DONE);

            Report done = record(key);
            assertThat(done.status()).isEqualTo(ReportStatus.SUCCESS);
            assertThat(done.summarySource()).isEqualTo(FallbackSummaries.SOURCE);
            assertThat(done.modelId()).isEqualTo(FallbackSummaries.MODEL_ID);
            assertThat(done.summary()).isNotBlank();
            assertThat(metrics.successSources()).containsExactly("fallback");
            assertThat(metrics.failures()).isEmpty();
        }

        @Test
        void turnsRetriesThatRanOutIntoASuccessInsteadOfTheDeadLetterQueue() {
            ReportKey key = submitted();
            model.failsWith(FailureCode.MODEL_THROTTLED);

            assertThat(withFallback.process(key, MAX_RECEIVES)).isEqualTo(MessageOutcome.DONE);
            assertThat(record(key).summarySource()).isEqualTo("fallback");
        }

        @Test
        void replacesATruncatedSummaryInsteadOfDeadLetteringIt() {
            ReportKey key = submitted();
            model.failsWith(FailureCode.MODEL_OUTPUT_TRUNCATED);

            assertThat(withFallback.process(key, 1)).isEqualTo(MessageOutcome.DONE);
            assertThat(record(key).summarySource()).isEqualTo("fallback");
        }

        @Test
        void isNotUsedWhileRetriesRemain() {
            ReportKey key = submitted();
            model.failsWith(FailureCode.MODEL_THROTTLED);

            assertThat(withFallback.process(key, 1)).isEqualTo(retryLater(1));
            assertThat(record(key).status()).isEqualTo(ReportStatus.PENDING);
        }

        @Test
        void isNotUsedWhenTheModelAnswers() {
            ReportKey key = submitted();

            withFallback.process(key, 1);

            assertThat(record(key).summarySource()).isEqualTo("model");
        }
    }

    @Nested
    class StoreOutages {

        @Test
        void whenTheClaimCannotBeWrittenTheMessageIsRetriedWithoutAModelCall() {
            ReportKey key = submitted();
            reports.outage().of(Operation.CLAIM);

            assertThat(processor.process(key, 2)).isEqualTo(retryLater(2));
            assertThat(model.calls()).isZero();
        }

        @Test
        void whenAFailureCannotBeRecordedTheReportIsReleasedAndTheMessageRetried() {
            ReportKey key = submitted();
            model.failsWith(FailureCode.MODEL_VALIDATION);
            reports.outage().of(Operation.FAIL);

            assertThat(processor.process(key, 1)).isEqualTo(retryLater(1));

            assertThat(record(key).status()).isEqualTo(ReportStatus.PENDING);
            assertThat(record(key).lastErrorCode()).isEqualTo(FailureCode.INTERNAL_ERROR);
            assertThat(metrics.retries()).containsExactly(FailureCode.INTERNAL_ERROR);
        }

        @Test
        void whenAFailureCannotBeRecordedOnTheLastReceiveTheClaimIsStillReleased() {
            ReportKey key = submitted();
            model.failsWith(FailureCode.MODEL_VALIDATION);
            reports.outage().of(Operation.FAIL);

            assertThat(processor.process(key, MAX_RECEIVES)).isEqualTo(retryLater(MAX_RECEIVES));

            assertThat(record(key).status())
                    .as("the dead-letter sweep fails it once SQS moved the message")
                    .isEqualTo(ReportStatus.PENDING);
            assertThat(record(key).lastErrorCode()).isEqualTo(FailureCode.INTERNAL_ERROR);
        }

        @Test
        void whenTheStoreGoesDownAfterTheClaimTheLeaseIsLeftToExpireAndALaterDeliveryFinishes() {
            ReportKey key = submitted();
            reports.outage().of(Operation.SUCCEED, Operation.RELEASE, Operation.FAIL);

            assertThat(processor.process(key, 1)).isEqualTo(retryLater(1));
            assertThat(record(key).status()).isEqualTo(ReportStatus.PROCESSING);

            reports.outage().end();
            clock.advance(LEASE.plusSeconds(1));
            assertThat(processor.process(key, 2)).isEqualTo(MessageOutcome.DONE);
            assertThat(record(key).status()).isEqualTo(ReportStatus.SUCCESS);
        }
    }

    @Nested
    class LostClaims {
        private ReportKey key;

        /** The model call outlasts the lease and a redelivery claims the report meanwhile. */
        private void anotherDeliveryTakesOverDuringTheModelCall(FakeSummaryModel.Answer then) {
            model.once(text -> {
                clock.advance(LEASE.plusSeconds(1));
                assertThat(reports.claim(key, "redelivery", now(), now() + LEASE.toSeconds()))
                        .isInstanceOf(Claim.Claimed.class);
                return then.answer(text);
            });
        }

        @Test
        void aWorkerThatLostItsClaimDoesNotStoreItsSummary() {
            key = submitted();
            anotherDeliveryTakesOverDuringTheModelCall(text -> model.summary("too late", 1, 1));

            assertThat(processor.process(key, 1)).isEqualTo(MessageOutcome.DONE);

            assertThat(record(key).status()).isEqualTo(ReportStatus.PROCESSING);
            assertThat(record(key).summary()).isNull();
            assertThat(metrics.successSources()).isEmpty();
        }

        @Test
        void aWorkerThatLostItsClaimCountsNoRetry() {
            key = submitted();
            anotherDeliveryTakesOverDuringTheModelCall(text -> {
                throw new ModelException(FailureCode.MODEL_THROTTLED);
            });

            assertThat(processor.process(key, 1)).isEqualTo(retryLater(1));

            assertThat(record(key).status()).isEqualTo(ReportStatus.PROCESSING);
            assertThat(metrics.retries()).isEmpty();
        }

        @Test
        void aWorkerThatLostItsClaimCountsNoFailure() {
            key = submitted();
            anotherDeliveryTakesOverDuringTheModelCall(text -> {
                throw new ModelException(FailureCode.MODEL_VALIDATION);
            });

            assertThat(processor.process(key, 1)).isEqualTo(MessageOutcome.DONE);

            assertThat(record(key).status()).isEqualTo(ReportStatus.PROCESSING);
            assertThat(metrics.failures()).isEmpty();
        }
    }

    /** Each terminal transition is announced once (at least once on the wire), with an id fixed at the write. */
    @Nested
    class Notifications {

        @Test
        void aSuccessIsPublishedAndItsMarkerCleared() {
            ReportKey key = submitted();

            assertThat(processor.process(key, 1)).isEqualTo(MessageOutcome.DONE);

            assertThat(publisher.published()).singleElement().satisfies(n -> {
                assertThat(n.type()).isEqualTo(NotificationType.SUCCEEDED);
                assertThat(n.report()).isEqualTo(key);
                assertThat(n.tenant()).isEqualTo("apikey:test");
                assertThat(n.status()).isEqualTo(ReportStatus.SUCCESS);
                assertThat(n.failureCode()).isNull();
                assertThat(n.timestamp().getEpochSecond()).isEqualTo(now());
            });
            assertThat(record(key).notification()).isNull();
        }

        @Test
        void aReviewAndAFailureAreEachPublishedWithTheirOwnType() {
            ReportKey reviewed = submitted();
            unverified = List.of(new Review.Finding("number", "325 mg"));
            processor.process(reviewed, 1);
            unverified = List.of();
            ReportKey failed = submitted();
            model.failsWith(FailureCode.MODEL_VALIDATION);
            processor.process(failed, 1);

            assertThat(publisher.published())
                    .extracting(Notification::type, Notification::failureCode)
                    .containsExactly(
                            tuple(NotificationType.NEEDS_REVIEW, null),
                            tuple(NotificationType.FAILED, FailureCode.MODEL_VALIDATION));
        }

        @Test
        void whenTheBusIsDownTheMessageComesBackAndItsRedeliveryPublishesWithTheSameId() {
            ReportKey key = submitted();
            publisher.down(true);

            assertThat(processor.process(key, 1)).isEqualTo(retryLater(1));
            assertThat(record(key).status()).isEqualTo(ReportStatus.SUCCESS);
            String pendingId = record(key).notification().id();

            publisher.down(false);
            assertThat(processor.process(key, 2)).isEqualTo(MessageOutcome.DONE);

            assertThat(model.calls()).as("no second model call").isEqualTo(1);
            assertThat(publisher.published()).extracting(Notification::id).containsExactly(pendingId);
            assertThat(record(key).notification()).isNull();
        }

        @Test
        void onTheLastReceiveAnUnpublishedNotificationIsLeftToTheReconciler() {
            ReportKey key = submitted();
            publisher.down(true);

            assertThat(processor.process(key, MAX_RECEIVES)).isEqualTo(MessageOutcome.DONE);
            assertThat(record(key).notification()).as("still pending").isNotNull();
        }

        @Test
        void aWorkerThatDiedAfterTheTerminalWriteIsCoveredByTheDuplicateDelivery() {
            ReportKey key = submitted();
            reports.claim(key, "dead-worker", now(), now() + 120);
            reports.succeed(key, "dead-worker", new SummaryResult("s", "model", "m", 1, 1), now(), "msg_dead");

            assertThat(processor.process(key, 2)).isEqualTo(MessageOutcome.DONE);

            assertThat(model.calls()).isZero();
            assertThat(publisher.published()).extracting(Notification::id).containsExactly("msg_dead");
        }

        @Test
        void aDuplicateOfAnAnnouncedReportPublishesNothing() {
            ReportKey key = submitted();
            processor.process(key, 1);

            processor.process(key, 2);

            assertThat(publisher.published()).hasSize(1);
        }

        @Test
        void aLostClaimAnnouncesNothing() {
            ReportKey key = submitted();
            model.once(text -> {
                reports.claim(key, "taker", now() + LEASE.toSeconds() + 1, now() + 1000);
                return model.summary("A summary.", 10, 3);
            });

            processor.process(key, 1);

            assertThat(publisher.published()).isEmpty();
        }
    }
}
