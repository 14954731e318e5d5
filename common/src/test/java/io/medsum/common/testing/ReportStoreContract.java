package io.medsum.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.common.domain.FailureCode;
import io.medsum.common.domain.Grounding;
import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportIds;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportStatus;
import io.medsum.common.domain.ReportSubmission;
import io.medsum.common.domain.Review;
import io.medsum.common.notify.Notification;
import io.medsum.common.notify.NotificationIds;
import io.medsum.common.notify.NotificationType;
import io.medsum.common.notify.PendingNotification;
import io.medsum.common.ports.ReportStore;
import io.medsum.common.ports.ReportStore.Claim;
import io.medsum.common.ports.ReportStore.Page;
import io.medsum.common.ports.ReportStore.ReviewOutcome;
import io.medsum.common.ports.ReportStore.SummaryResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ReportStore} promises: the record's state machine (docs/architecture.md, "A report's life") as
 * single-item conditional writes fenced by the claim token. Run against {@link InMemoryReportStore} in common and
 * against {@code DynamoReportStore} on dynalite in {@code local}, so tests through the fake mean what they say. Tests
 * share the store and use their own patients.
 */
public abstract class ReportStoreContract {
    protected static final long NOW = 1_800_000_000L;
    private static final SummaryResult SUMMARY = new SummaryResult("summary", "model", "m", 10, 5);
    private static final AtomicLong PATIENTS = new AtomicLong();

    protected abstract ReportStore store();

    private static final String TENANT = "apikey:hospital-a";
    private static final String OTHER_TENANT = "apikey:hospital-b";

    private static String newPatient() {
        return "P-" + System.nanoTime() + "-" + PATIENTS.incrementAndGet();
    }

    private ReportKey pending() {
        return pending(newPatient());
    }

    private ReportKey pending(String patientId) {
        return pending(patientId, TENANT);
    }

    private ReportKey pending(String patientId, String tenant) {
        ReportKey key = new ReportKey(patientId, ReportIds.next());
        store().create(report(key, tenant, "text"));
        return key;
    }

    private static Report report(ReportKey key, String text) {
        return report(key, TENANT, text);
    }

    private static Report report(ReportKey key, String tenant, String text) {
        return Report.pending(
                key, tenant, new ReportSubmission(key.patientId(), text, "S", Map.of("urgency", "HIGH")), NOW, 3600);
    }

    private Report record(ReportKey key) {
        return store().find(key).orElseThrow();
    }

    private ReportStatus status(ReportKey key) {
        return record(key).status();
    }

    @Test
    void aNewRecordIsPendingWithItsSubmissionAndNoAttempts() {
        ReportKey key = pending();
        Report created = record(key);
        assertThat(created.status()).isEqualTo(ReportStatus.PENDING);
        assertThat(created.originalText()).isEqualTo("text");
        assertThat(created.metadata()).containsEntry("urgency", "HIGH");
        assertThat(created.createdAt()).isEqualTo(NOW);
        assertThat(created.expiresAt()).isEqualTo(NOW + 3600);
        assertThat(created.attempts()).isZero();
        assertThat(created.summary()).isNull();
        assertThat(created.lastErrorCode()).isNull();
    }

    @Test
    void createIsConditionalOnTheKey() {
        ReportKey key = pending();
        assertThat(store().create(report(key, "other"))).isFalse();
        assertThat(record(key).originalText()).isEqualTo("text");
    }

    @Test
    void createAllWritesEveryRecordPendingAndAwaitingItsEnqueue() {
        String patient = newPatient();
        List<Report> reports = List.of(
                report(new ReportKey(patient, ReportIds.next()), "one"),
                report(new ReportKey(patient, ReportIds.next()), "two"),
                report(new ReportKey(patient, ReportIds.next()), "three"));

        assertThat(store().createAll(reports)).isEmpty();

        for (Report r : reports) {
            assertThat(record(r.key()).status()).isEqualTo(ReportStatus.PENDING);
        }
        assertThat(store().findAwaitingEnqueue(NOW + 1, 10_000))
                .containsAll(reports.stream().map(Report::key).toList());
    }

    @Test
    void aMissingReportIsNotFound() {
        assertThat(store().find(new ReportKey(newPatient(), ReportIds.next()))).isEmpty();
    }

    @Test
    void failingNeedsTheClaimAReportThatNobodyHoldsIsFailedOnlyThroughFailUnfinished() {
        ReportKey key = pending();
        assertThat(store().fail(key, "never-claimed", FailureCode.MODEL_VALIDATION, NOW, NotificationIds.next()))
                .isFalse();
        assertThat(status(key)).isEqualTo(ReportStatus.PENDING);

        assertThat(store().failUnfinished(key, FailureCode.DELIVERIES_EXHAUSTED, NOW, NotificationIds.next()))
                .isTrue();
        assertThat(status(key)).isEqualTo(ReportStatus.FAILED);
    }

    @Test
    void pendingToProcessingToSuccess() {
        ReportKey key = pending();
        assertThat(store().claim(key, "t1", NOW, NOW + 60)).isInstanceOf(Claim.Claimed.class);
        assertThat(status(key)).isEqualTo(ReportStatus.PROCESSING);
        assertThat(store().succeed(key, "t1", SUMMARY, NOW + 1, NotificationIds.next()))
                .isTrue();
        Report done = record(key);
        assertThat(done.status()).isEqualTo(ReportStatus.SUCCESS);
        assertThat(done.summary()).isEqualTo("summary");
        assertThat(done.summarySource()).isEqualTo("model");
        assertThat(done.modelId()).isEqualTo("m");
        assertThat(done.inputTokens()).isEqualTo(10);
        assertThat(done.outputTokens()).isEqualTo(5);
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(done.updatedAt()).isEqualTo(NOW + 1);
    }

    @Test
    void aClaimReturnsTheRecordAsClaimedWithItsAttemptCounted() {
        ReportKey key = pending();
        Claim claim = store().claim(key, "t1", NOW + 5, NOW + 65);
        assertThat(claim).isInstanceOfSatisfying(Claim.Claimed.class, claimed -> {
            assertThat(claimed.report().status()).isEqualTo(ReportStatus.PROCESSING);
            assertThat(claimed.report().attempts()).isEqualTo(1);
            assertThat(claimed.report().originalText()).isEqualTo("text");
        });
    }

    @Test
    void aLiveClaimExcludesOthersAndAnExpiredOneIsTakenOver() {
        ReportKey key = pending();
        store().claim(key, "t1", NOW, NOW + 60);
        assertThat(store().claim(key, "t2", NOW + 30, NOW + 90)).isEqualTo(new Claim.HeldByAnother(NOW + 60));
        assertThat(store().claim(key, "t2", NOW + 60, NOW + 120))
                .as("the lease runs until its last second")
                .isInstanceOf(Claim.HeldByAnother.class);
        assertThat(store().claim(key, "t2", NOW + 61, NOW + 121)).isInstanceOf(Claim.Claimed.class);
        assertThat(store().succeed(key, "t1", SUMMARY, NOW + 62, NotificationIds.next()))
                .as("the dead worker's token is fenced off")
                .isFalse();
        assertThat(store().succeed(key, "t2", SUMMARY, NOW + 62, NotificationIds.next()))
                .isTrue();
        assertThat(record(key).attempts()).isEqualTo(2);
    }

    @Test
    void writesWithoutTheClaimTokenAreFencedOff() {
        ReportKey key = pending();
        assertThat(store().succeed(key, "t1", SUMMARY, NOW, NotificationIds.next()))
                .as("not claimed yet")
                .isFalse();
        assertThat(store().release(key, "t1", FailureCode.MODEL_THROTTLED, NOW)).isFalse();
        assertThat(store().fail(key, "t1", FailureCode.MODEL_VALIDATION, NOW, NotificationIds.next()))
                .isFalse();

        store().claim(key, "t1", NOW, NOW + 60);
        assertThat(store().succeed(key, "other", SUMMARY, NOW, NotificationIds.next()))
                .isFalse();
        assertThat(store().release(key, "other", FailureCode.MODEL_THROTTLED, NOW))
                .isFalse();
        assertThat(store().fail(key, "other", FailureCode.MODEL_VALIDATION, NOW, NotificationIds.next()))
                .isFalse();
        assertThat(status(key)).isEqualTo(ReportStatus.PROCESSING);

        ReportKey missing = new ReportKey(newPatient(), ReportIds.next());
        assertThat(store().succeed(missing, "t1", SUMMARY, NOW, NotificationIds.next()))
                .isFalse();
        assertThat(store().find(missing))
                .as("a fenced write never creates a record")
                .isEmpty();
    }

    @Test
    void successIsTerminal() {
        ReportKey key = pending();
        store().claim(key, "t1", NOW, NOW + 60);
        store().succeed(key, "t1", SUMMARY, NOW, NotificationIds.next());
        assertThat(store().claim(key, "t2", NOW + 1000, NOW + 1060)).isInstanceOf(Claim.AlreadyFinished.class);
        assertThat(store().fail(key, "t1", FailureCode.MODEL_VALIDATION, NOW, NotificationIds.next()))
                .isFalse();
        assertThat(store().release(key, "t1", FailureCode.MODEL_THROTTLED, NOW)).isFalse();
        assertThat(status(key)).isEqualTo(ReportStatus.SUCCESS);
    }

    @Test
    void aTransientFailureReturnsTheReportToPendingWithItsReason() {
        ReportKey key = pending();
        store().claim(key, "t1", NOW, NOW + 60);
        assertThat(store().release(key, "t1", FailureCode.MODEL_THROTTLED, NOW)).isTrue();
        Report released = record(key);
        assertThat(released.status()).isEqualTo(ReportStatus.PENDING);
        assertThat(released.lastErrorCode()).isEqualTo(FailureCode.MODEL_THROTTLED);
        assertThat(released.lastErrorMessage()).isEqualTo(FailureCode.MODEL_THROTTLED.safeMessage());
        assertThat(store().claim(key, "t2", NOW, NOW + 60)).isInstanceOf(Claim.Claimed.class);
    }

    @Test
    void aHeldSummaryComesBackWithTheNextClaimAndIsNeverShownAsChecked() {
        ReportKey key = pending();
        store().claim(key, "t1", NOW, NOW + 60);
        assertThat(store().hold(key, "t1", SUMMARY, FailureCode.GROUNDING_UNAVAILABLE, NOW + 1))
                .isTrue();
        Report held = record(key);
        assertThat(held.status()).isEqualTo(ReportStatus.PENDING);
        assertThat(held.lastErrorCode()).isEqualTo(FailureCode.GROUNDING_UNAVAILABLE);
        assertThat(held.summaryIsChecked()).isFalse();

        Claim again = store().claim(key, "t2", NOW + 10, NOW + 70);
        assertThat(again).isInstanceOf(Claim.Claimed.class);
        Report claimed = ((Claim.Claimed) again).report();
        assertThat(SummaryResult.heldBy(claimed)).isEqualTo(SUMMARY);
        assertThat(store().hold(key, "t1", SUMMARY, FailureCode.GROUNDING_UNAVAILABLE, NOW + 11))
                .as("fenced by the claim token like every write")
                .isFalse();

        store().fail(key, "t2", FailureCode.GROUNDING_ACCESS_DENIED, NOW + 12, NotificationIds.next());
        Claim redrive = store().claim(key, "t3", NOW + 20, NOW + 80);
        assertThat(redrive).isInstanceOf(Claim.Claimed.class);
        assertThat(((Claim.Claimed) redrive).report().summary())
                .as("a redrive checks the held summary again")
                .isEqualTo("summary");
    }

    @Test
    void theGroundingScoresAreStoredWithTheSummaryAndSurviveTheReview() {
        ReportKey key = pending();
        store().claim(key, "t1", NOW, NOW + 60);
        Grounding scores = new Grounding(0.42, 0.7);
        store().needsReview(
                        key,
                        "t1",
                        SUMMARY.withGrounding(scores),
                        List.of(new Review.Finding("grounding", "summary")),
                        NOW + 1,
                        NotificationIds.next());
        assertThat(record(key).grounding()).isEqualTo(scores);
        assertThat(record(key).summaryIsChecked()).isTrue();

        store().review(key, TENANT, Review.Decision.APPROVE, "reviewer", null, NOW + 2, NotificationIds.next());
        assertThat(record(key).grounding()).isEqualTo(scores);

        ReportKey plain = pending();
        store().claim(plain, "t1", NOW, NOW + 60);
        store().succeed(plain, "t1", SUMMARY, NOW + 1, NotificationIds.next());
        assertThat(record(plain).grounding()).as("no check, no scores").isNull();
    }

    @Test
    void aSuccessAfterARetryClearsTheLastError() {
        ReportKey key = pending();
        store().claim(key, "t1", NOW, NOW + 60);
        store().release(key, "t1", FailureCode.MODEL_THROTTLED, NOW);
        store().claim(key, "t2", NOW + 10, NOW + 70);
        store().succeed(key, "t2", SUMMARY, NOW + 11, NotificationIds.next());
        assertThat(record(key).lastErrorCode()).isNull();
        assertThat(record(key).lastErrorMessage()).isNull();
    }

    @Test
    void aFailedRecordKeepsItsCodeAndSafeMessage() {
        ReportKey key = pending();
        store().claim(key, "t1", NOW, NOW + 60);
        assertThat(store().fail(key, "t1", FailureCode.MODEL_CONTENT_FILTERED, NOW + 2, NotificationIds.next()))
                .isTrue();
        Report failed = record(key);
        assertThat(failed.status()).isEqualTo(ReportStatus.FAILED);
        assertThat(failed.lastErrorCode()).isEqualTo(FailureCode.MODEL_CONTENT_FILTERED);
        assertThat(failed.lastErrorMessage()).isEqualTo(FailureCode.MODEL_CONTENT_FILTERED.safeMessage());
        assertThat(failed.updatedAt()).isEqualTo(NOW + 2);
    }

    @Test
    void onlyFailuresWhoseMessageWaitsInTheDeadLetterQueueCanBeRedriven() {
        for (FailureCode code : FailureCode.values()) {
            ReportKey key = pending();
            store().claim(key, "t1", NOW, NOW + 60);
            store().fail(key, "t1", code, NOW, NotificationIds.next());
            Claim redrive = store().claim(key, "redrive", NOW + 5, NOW + 65);
            assertThat(redrive)
                    .as(code.name())
                    .isInstanceOf(code.endsInDeadLetterQueue() ? Claim.Claimed.class : Claim.AlreadyFinished.class);
        }
    }

    @Test
    void aMissingReportCannotBeClaimed() {
        assertThat(store().claim(new ReportKey("nobody", ReportIds.next()), "t", NOW, NOW + 60))
                .isInstanceOf(Claim.NotFound.class);
    }

    @Test
    void ofManyConcurrentClaimsExactlyOneWins() throws Exception {
        ReportKey key = pending();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Claim>> claims = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String token = "t" + i;
                claims.add(() -> store().claim(key, token, NOW, NOW + 60));
            }
            long winners = 0;
            for (Future<Claim> f : pool.invokeAll(claims)) {
                if (f.get() instanceof Claim.Claimed) {
                    winners++;
                }
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void compensationDeletesOnlyWhatIsStillPending() {
        ReportKey untouched = pending();
        store().deleteIfPending(untouched);
        assertThat(store().find(untouched)).isEmpty();

        ReportKey taken = pending();
        store().claim(taken, "t1", NOW, NOW + 60);
        store().deleteIfPending(taken);
        assertThat(store().find(taken)).isPresent();

        store().deleteIfPending(new ReportKey(newPatient(), ReportIds.next())); // nothing there: no error
    }

    @Test
    void unconfirmedEnqueuesAreFoundAfterTheirGracePeriodOnly() {
        ReportKey stranded = pending();
        assertThat(store().findAwaitingEnqueue(NOW + 1, 10_000)).contains(stranded);
        assertThat(store().findAwaitingEnqueue(NOW, 10_000)).doesNotContain(stranded);
        store().markEnqueued(stranded);
        assertThat(store().findAwaitingEnqueue(NOW + 1, 10_000)).doesNotContain(stranded);

        store().markEnqueued(new ReportKey(newPatient(), ReportIds.next())); // nothing there: no error
    }

    @Test
    void aClaimTakesTheRecordOutOfTheReconcilersView() {
        ReportKey key = pending();
        store().claim(key, "t1", NOW, NOW + 60);
        assertThat(store().findAwaitingEnqueue(NOW + 1, 10_000)).doesNotContain(key);
    }

    @Test
    void onlyReportsNoWorkerCanFinishAreFailedByTheDeadLetterSweep() {
        ReportKey pending = pending();
        assertThat(store().failUnfinished(pending, FailureCode.DELIVERIES_EXHAUSTED, NOW, NotificationIds.next()))
                .isTrue();
        assertThat(record(pending).lastErrorCode()).isEqualTo(FailureCode.DELIVERIES_EXHAUSTED);
        assertThat(store().findAwaitingEnqueue(NOW + 1, 10_000)).doesNotContain(pending);
        assertThat(store().claim(pending, "redrive", NOW + 1, NOW + 61))
                .as("redrivable")
                .isInstanceOf(Claim.Claimed.class);

        ReportKey held = pending();
        store().claim(held, "t1", NOW, NOW + 60);
        assertThat(store().failUnfinished(held, FailureCode.DELIVERIES_EXHAUSTED, NOW + 30, NotificationIds.next()))
                .as("lease still live")
                .isFalse();
        assertThat(store().failUnfinished(held, FailureCode.DELIVERIES_EXHAUSTED, NOW + 61, NotificationIds.next()))
                .as("lease expired")
                .isTrue();

        ReportKey done = pending();
        store().claim(done, "t1", NOW, NOW + 60);
        store().succeed(done, "t1", SUMMARY, NOW, NotificationIds.next());
        assertThat(store().failUnfinished(done, FailureCode.DELIVERIES_EXHAUSTED, NOW + 100, NotificationIds.next()))
                .isFalse();
        assertThat(status(done)).isEqualTo(ReportStatus.SUCCESS);

        assertThat(store().failUnfinished(
                                new ReportKey(newPatient(), ReportIds.next()),
                                FailureCode.DELIVERIES_EXHAUSTED,
                                NOW,
                                NotificationIds.next()))
                .as("nothing to fail")
                .isFalse();
    }

    @Test
    void aPatientsReportsAreListedNewestFirstPageByPage() {
        String patient = newPatient();
        List<ReportKey> keys = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            keys.add(pending(patient));
        }
        pending(newPatient()); // someone else's
        keys.sort(Comparator.comparing(ReportKey::reportId)); // ids drawn in one millisecond order randomly

        Page first = store().list(patient, Optional.of(TENANT), 2, null);
        Page second = store().list(patient, Optional.of(TENANT), 2, first.lastReportId());
        Page last = store().list(patient, Optional.of(TENANT), 2, second.lastReportId());

        assertThat(first.items()).extracting(Report::key).containsExactly(keys.get(4), keys.get(3));
        assertThat(first.lastReportId()).isEqualTo(keys.get(3).reportId());
        assertThat(second.items()).extracting(Report::key).containsExactly(keys.get(2), keys.get(1));
        assertThat(last.items()).extracting(Report::key).containsExactly(keys.get(0));
        assertThat(last.lastReportId()).isNull();
        assertThat(store().list(newPatient(), Optional.of(TENANT), 10, null).items())
                .isEmpty();
    }

    @Test
    void aListingShowsOnlyTheTenantsReportsInFullPages() {
        String patient = newPatient(); // the same patient id at two hospitals
        List<ReportKey> ours = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ours.add(pending(patient, TENANT));
            pending(patient, OTHER_TENANT);
            pending(patient, OTHER_TENANT);
        }
        ours.sort(Comparator.comparing(ReportKey::reportId));

        Page first = store().list(patient, Optional.of(TENANT), 2, null);
        Page rest = store().list(patient, Optional.of(TENANT), 2, first.lastReportId());

        assertThat(first.items()).extracting(Report::key).containsExactly(ours.get(2), ours.get(1));
        assertThat(rest.items()).extracting(Report::key).containsExactly(ours.get(0));
        assertThat(rest.items()).extracting(Report::tenant).containsOnly(TENANT);
        assertThat(store().list(patient, Optional.empty(), 100, null).items()).hasSize(9);
    }

    @Test
    void anotherTenantsReviewFindsNothingAndChangesNothing() {
        ReportKey key = awaitingReview();

        assertThat(store().review(
                                key,
                                OTHER_TENANT,
                                Review.Decision.APPROVE,
                                "intruder",
                                null,
                                NOW + 5,
                                NotificationIds.next()))
                .isInstanceOf(ReviewOutcome.NotFound.class);
        assertThat(status(key)).isEqualTo(ReportStatus.NEEDS_REVIEW);
        assertThat(record(key).review().isDecided()).isFalse();
    }

    @Test
    void aRecordKeepsTheTenantThatSubmittedIt() {
        assertThat(record(pending(newPatient(), OTHER_TENANT)).tenant()).isEqualTo(OTHER_TENANT);
    }

    @Test
    void aReachableStoreSaysSo() {
        assertThat(store().isReachable()).isTrue();
    }

    private ReportKey awaitingReview() {
        ReportKey key = pending();
        store().claim(key, "t1", NOW, NOW + 60);
        assertThat(store().needsReview(key, "t1", SUMMARY, FINDINGS, NOW + 1, NotificationIds.next()))
                .isTrue();
        return key;
    }

    private static final List<Review.Finding> FINDINGS =
            List.of(new Review.Finding("number", "81 mg"), new Review.Finding("laterality", "left knee"));

    @Test
    void aSummaryTheCheckCouldNotVerifyIsKeptForReviewWithItsFindings() {
        ReportKey key = awaitingReview();

        Report kept = record(key);
        assertThat(kept.status()).isEqualTo(ReportStatus.NEEDS_REVIEW);
        assertThat(kept.summary()).isEqualTo("summary");
        assertThat(kept.review().findings()).containsExactlyElementsOf(FINDINGS);
        assertThat(kept.review().isDecided()).isFalse();
        assertThat(store().claim(key, "t2", NOW + 1000, NOW + 1060))
                .as("no worker touches it again")
                .isInstanceOf(Claim.AlreadyFinished.class);
    }

    @Test
    void keepingASummaryForReviewNeedsTheClaim() {
        ReportKey key = pending();
        store().claim(key, "t1", NOW, NOW + 60);
        assertThat(store().needsReview(key, "other", SUMMARY, FINDINGS, NOW, NotificationIds.next()))
                .isFalse();
        assertThat(status(key)).isEqualTo(ReportStatus.PROCESSING);
    }

    @Test
    void approvingMakesItSuccessWithTheReviewerAndTime() {
        ReportKey key = awaitingReview();

        var outcome = store().review(
                        key,
                        TENANT,
                        Review.Decision.APPROVE,
                        "arn:aws:iam::1:role/reviewer",
                        "ok",
                        NOW + 5,
                        NotificationIds.next());

        assertThat(outcome).isInstanceOf(ReviewOutcome.Decided.class);
        Report done = record(key);
        assertThat(done.status()).isEqualTo(ReportStatus.SUCCESS);
        assertThat(done.summary()).isEqualTo("summary");
        assertThat(done.review().decision()).isEqualTo(Review.Decision.APPROVE);
        assertThat(done.review().by()).isEqualTo("arn:aws:iam::1:role/reviewer");
        assertThat(done.review().at()).isEqualTo(NOW + 5);
        assertThat(done.review().comment()).isEqualTo("ok");
        assertThat(done.review().findings()).containsExactlyElementsOf(FINDINGS);
    }

    @Test
    void rejectingMakesItFailedWithRejectedInReviewForGood() {
        ReportKey key = awaitingReview();

        store().review(key, TENANT, Review.Decision.REJECT, "reviewer", null, NOW + 5, NotificationIds.next());

        Report rejected = record(key);
        assertThat(rejected.status()).isEqualTo(ReportStatus.FAILED);
        assertThat(rejected.lastErrorCode()).isEqualTo(FailureCode.REJECTED_IN_REVIEW);
        assertThat(rejected.review().comment()).isNull();
        assertThat(store().claim(key, "t9", NOW + 1000, NOW + 1060))
                .as("not redrivable")
                .isInstanceOf(Claim.AlreadyFinished.class);
    }

    @Test
    void theSameDecisionAgainAnswersTheSameAndTheOtherDecisionIsRefused() {
        ReportKey key = awaitingReview();
        store().review(key, TENANT, Review.Decision.APPROVE, "reviewer", null, NOW + 5, NotificationIds.next());

        assertThat(store().review(
                                key,
                                TENANT,
                                Review.Decision.APPROVE,
                                "someone else",
                                null,
                                NOW + 9,
                                NotificationIds.next()))
                .isInstanceOfSatisfying(
                        ReviewOutcome.AlreadyDecided.class,
                        same -> assertThat(same.report().review().by()).isEqualTo("reviewer"));
        assertThat(store().review(
                                key, TENANT, Review.Decision.REJECT, "reviewer", null, NOW + 9, NotificationIds.next()))
                .isInstanceOf(ReviewOutcome.NotAwaitingReview.class);
        assertThat(status(key)).isEqualTo(ReportStatus.SUCCESS);
    }

    @Test
    void onlyAReportAwaitingReviewCanBeDecided() {
        ReportKey key = pending();
        assertThat(store().review(key, TENANT, Review.Decision.APPROVE, "reviewer", null, NOW, NotificationIds.next()))
                .isInstanceOf(ReviewOutcome.NotAwaitingReview.class);
        assertThat(status(key)).isEqualTo(ReportStatus.PENDING);
        assertThat(store().review(
                                new ReportKey(newPatient(), ReportIds.next()),
                                TENANT,
                                Review.Decision.APPROVE,
                                "r",
                                null,
                                NOW,
                                NotificationIds.next()))
                .isInstanceOf(ReviewOutcome.NotFound.class);
    }

    // ---------------------------------------------------------------- the outbox marker (notifications)

    @Test
    void everyTerminalWriteLeavesItsNotificationPendingInTheSameWrite() {
        ReportKey succeeded = pending();
        store().claim(succeeded, "t1", NOW, NOW + 60);
        store().succeed(succeeded, "t1", SUMMARY, NOW + 1, "msg_succeeded");
        ReportKey failed = pending();
        store().claim(failed, "t1", NOW, NOW + 60);
        store().fail(failed, "t1", FailureCode.RETRIES_EXHAUSTED, NOW + 2, "msg_failed");
        ReportKey swept = pending();
        store().failUnfinished(swept, FailureCode.DELIVERIES_EXHAUSTED, NOW + 3, "msg_swept");
        ReportKey reviewed = awaitingReview();
        store().review(reviewed, TENANT, Review.Decision.APPROVE, "reviewer", null, NOW + 4, "msg_reviewed");

        assertThat(record(succeeded).notification()).isEqualTo(new PendingNotification("msg_succeeded", NOW + 1));
        assertThat(record(failed).notification()).isEqualTo(new PendingNotification("msg_failed", NOW + 2));
        assertThat(record(swept).notification()).isEqualTo(new PendingNotification("msg_swept", NOW + 3));
        assertThat(record(reviewed).notification()).isEqualTo(new PendingNotification("msg_reviewed", NOW + 4));
        assertThat(Notification.pendingIn(record(reviewed)).orElseThrow().type())
                .isEqualTo(NotificationType.REVIEWED);
        assertThat(Notification.pendingIn(record(failed)).orElseThrow().failureCode())
                .isEqualTo(FailureCode.RETRIES_EXHAUSTED);
    }

    @Test
    void noMarkerWithoutATerminalTransition() {
        ReportKey key = pending();
        assertThat(record(key).notification()).isNull();
        store().claim(key, "t1", NOW, NOW + 60);
        store().release(key, "t1", FailureCode.MODEL_THROTTLED, NOW + 1);
        assertThat(record(key).notification()).isNull();
        assertThat(store().succeed(key, "lost-claim", SUMMARY, NOW + 2, "msg_x"))
                .isFalse();
        assertThat(record(key).notification())
                .as("a fenced write leaves nothing")
                .isNull();
    }

    @Test
    void clearingRemovesOnlyTheMarkerItNames() {
        ReportKey key = pending();
        store().claim(key, "t1", NOW, NOW + 60);
        store().succeed(key, "t1", SUMMARY, NOW + 1, "msg_a");

        store().clearNotification(key, "msg_other");
        assertThat(record(key).notification()).isNotNull();
        store().clearNotification(key, "msg_a");
        assertThat(record(key).notification()).isNull();
        assertThat(record(key).status()).as("the state is untouched").isEqualTo(ReportStatus.SUCCESS);
        store().clearNotification(new ReportKey(newPatient(), ReportIds.next()), "msg_a"); // gone: nothing to do
    }

    @Test
    void pendingNotificationsAreFoundOnlyAfterTheirGracePeriodAndUntilCleared() {
        ReportKey key = pending();
        store().claim(key, "t1", NOW, NOW + 60);
        store().succeed(key, "t1", SUMMARY, NOW + 10, "msg_grace");

        assertThat(store().findAwaitingNotification(NOW + 10, 10_000)).doesNotContain(key);
        assertThat(store().findAwaitingNotification(NOW + 11, 10_000)).contains(key);
        store().clearNotification(key, "msg_grace");
        assertThat(store().findAwaitingNotification(NOW + 11, 10_000)).doesNotContain(key);
    }

    @Test
    void aRedrivenReportsNextTransitionReplacesAnUnpublishedMarker() {
        ReportKey key = pending();
        store().claim(key, "t1", NOW, NOW + 60);
        store().fail(key, "t1", FailureCode.RETRIES_EXHAUSTED, NOW + 1, "msg_first");
        store().claim(key, "t2", NOW + 100, NOW + 160);

        assertThat(Notification.pendingIn(record(key)))
                .as("not terminal while redriven")
                .isEmpty();
        store().succeed(key, "t2", SUMMARY, NOW + 101, "msg_second");
        Notification pending = Notification.pendingIn(record(key)).orElseThrow();
        assertThat(pending.id()).isEqualTo("msg_second");
        assertThat(pending.type()).isEqualTo(NotificationType.SUCCEEDED);
        assertThat(pending.tenant()).isEqualTo(TENANT);
    }
}
