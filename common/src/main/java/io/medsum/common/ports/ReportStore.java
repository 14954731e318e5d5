package io.medsum.common.ports;

import io.medsum.common.domain.FailureCode;
import io.medsum.common.domain.Grounding;
import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.Review;
import java.util.List;
import java.util.Optional;

/** Persistence of report records. Every state change is a single-item conditional write. */
public interface ReportStore {

    /** Writes a new PENDING record marked as awaiting its enqueue; false if the key already exists. */
    boolean create(Report report);

    /** Writes new PENDING records (ids are fresh, so unconditional); returns the keys that could not be written. */
    List<ReportKey> createAll(List<Report> reports);

    /** The enqueue is confirmed: the record leaves the reconciler's view. */
    void markEnqueued(ReportKey key);

    /** Compensation when the enqueue failed: removes the record if it is still PENDING. */
    void deleteIfPending(ReportKey key);

    Optional<Report> find(ReportKey key);

    /**
     * A patient's reports newest first, only those of {@code tenant} when given (empty: every tenant's, for a
     * cross-tenant reader). A page holds up to {@code limit} items; {@code lastReportId} is null on the last page.
     */
    Page list(String patientId, Optional<String> tenant, int limit, String startAfterReportId);

    /** Claims the record for one model attempt, with a lease so a dead worker's claim expires. */
    Claim claim(ReportKey key, String claimToken, long now, long leaseUntil);

    /**
     * PROCESSING → SUCCESS, only while this worker still holds the claim. Like every terminal write, it leaves the
     * notification {@code notificationId} pending on the record in the same write (see {@link #clearNotification}).
     */
    boolean succeed(ReportKey key, String claimToken, SummaryResult summary, long now, String notificationId);

    /**
     * PROCESSING → NEEDS_REVIEW: the summary is kept with the facts the check could not verify, only while this worker
     * still holds the claim.
     */
    boolean needsReview(
            ReportKey key,
            String claimToken,
            SummaryResult summary,
            List<Review.Finding> findings,
            long now,
            String notificationId);

    /**
     * A reviewer's decision on a NEEDS_REVIEW report of {@code tenant}: approve → SUCCESS, reject → FAILED with
     * REJECTED_IN_REVIEW. One conditional write; repeating the decision already taken answers it again; another
     * tenant's report is {@link ReviewOutcome.NotFound}, like a missing one.
     */
    ReviewOutcome review(
            ReportKey key,
            String tenant,
            Review.Decision decision,
            String by,
            String comment,
            long now,
            String notificationId);

    /** PROCESSING → PENDING after a transient error, only while this worker still holds the claim. */
    boolean release(ReportKey key, String claimToken, FailureCode reason, long now);

    /**
     * PROCESSING → PENDING like {@link #release}, keeping the model's summary (held, unchecked) for the next attempt:
     * the grounding check could not run, and a second model call would cost tokens and quota for nothing. The next
     * claim returns the record with it; {@link Report#summaryIsChecked()} stays false, so no API shows it. A later
     * {@link #fail} keeps it too, so a redrive checks it again without calling the model.
     */
    boolean hold(ReportKey key, String claimToken, SummaryResult heldSummary, FailureCode reason, long now);

    /**
     * PROCESSING → FAILED with a reason, only while this worker still holds the claim (false once it lost it). Failing
     * a report nobody holds is {@link #failUnfinished}'s job.
     */
    boolean fail(ReportKey key, String claimToken, FailureCode reason, long now, String notificationId);

    /**
     * → FAILED with a reason when no worker can still finish the report: PENDING, or PROCESSING with an expired lease.
     * For a report whose message went to the DLQ without the worker failing it (its deliveries were spent by crashed
     * invocations). False when it finished or is still held.
     */
    boolean failUnfinished(ReportKey key, FailureCode reason, long now, String notificationId);

    /**
     * The notification {@code notificationId} was published: removes the record's outbox marker, if it is still that
     * one (a later transition's marker stays). A record that is gone needs nothing.
     */
    void clearNotification(ReportKey key, String notificationId);

    /** Reports whose terminal transition before {@code transitionBefore} still has its notification pending. */
    List<ReportKey> findAwaitingNotification(long transitionBefore, int limit);

    /** Reports written before {@code createdBefore} whose enqueue was never confirmed. */
    List<ReportKey> findAwaitingEnqueue(long createdBefore, int limit);

    /** Cheap reachability check for the deep health endpoint. */
    boolean isReachable();

    record Page(List<Report> items, String lastReportId) {
        public Page {
            items = List.copyOf(items);
        }
    }

    /**
     * A summary ready to be stored.
     *
     * @param grounding the optional grounding check's scores, null when it is off or did not score this summary
     */
    record SummaryResult(
            String summary, String source, String modelId, int inputTokens, int outputTokens, Grounding grounding) {
        public SummaryResult(String summary, String source, String modelId, int inputTokens, int outputTokens) {
            this(summary, source, modelId, inputTokens, outputTokens, null);
        }

        public SummaryResult withGrounding(Grounding scores) {
            return new SummaryResult(summary, source, modelId, inputTokens, outputTokens, scores);
        }

        /** The summary a claimed record holds from an earlier attempt (see {@link #hold}). */
        public static SummaryResult heldBy(Report report) {
            return new SummaryResult(
                    report.summary(),
                    report.summarySource(),
                    report.modelId(),
                    report.inputTokens() == null ? 0 : report.inputTokens(),
                    report.outputTokens() == null ? 0 : report.outputTokens());
        }

        @Override
        public String toString() {
            return "SummaryResult[source=" + source + ", outputTokens=" + outputTokens
                    + "]"; // the summary is patient data
        }
    }

    /** What a review decision found. */
    sealed interface ReviewOutcome {
        /** This decision was recorded now. */
        record Decided(Report report) implements ReviewOutcome {}
        /** The same decision was recorded before: the same answer again. */
        record AlreadyDecided(Report report) implements ReviewOutcome {}
        /** The report is not awaiting review (or was decided the other way). */
        record NotAwaitingReview(Report report) implements ReviewOutcome {}

        record NotFound() implements ReviewOutcome {}
    }

    /** What a claim attempt found. */
    sealed interface Claim {
        record Claimed(Report report) implements Claim {}

        record AlreadyFinished(Report report) implements Claim {}

        record HeldByAnother(long leaseUntil) implements Claim {}

        record NotFound() implements Claim {}
    }
}
