package io.medsum.common.testing;

import io.medsum.common.domain.FailureCode;
import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportStatus;
import io.medsum.common.domain.Review;
import io.medsum.common.notify.PendingNotification;
import io.medsum.common.ports.ReportStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ReportStore} in memory with the conditions of {@code DynamoReportStore}: every method is one atomic step on
 * one record (synchronized, as a single-item conditional write is atomic), and the claim token fences every write after
 * a claim. {@link ReportStoreContract} holds this fake and the DynamoDB adapter to the same rules.
 */
public final class InMemoryReportStore implements ReportStore {
    public enum Operation {
        CREATE,
        CREATE_ALL,
        MARK_ENQUEUED,
        DELETE_IF_PENDING,
        FIND,
        LIST,
        CLAIM,
        SUCCEED,
        NEEDS_REVIEW,
        REVIEW,
        RELEASE,
        HOLD,
        FAIL,
        FAIL_UNFINISHED,
        FIND_AWAITING_ENQUEUE,
        CLEAR_NOTIFICATION,
        FIND_AWAITING_NOTIFICATION,
        IS_REACHABLE
    }

    /** A stored record and the attributes of its item the domain record does not carry. */
    private record Item(
            Report report, String claimToken, long leaseUntil, boolean redrivable, Long awaitingEnqueueSince) {
        boolean heldWith(String token) {
            return report.status() == ReportStatus.PROCESSING && token != null && token.equals(claimToken);
        }

        boolean leaseExpired(long now) {
            return report.status() == ReportStatus.PROCESSING && leaseUntil < now;
        }
    }

    private final Map<ReportKey, Item> items = new LinkedHashMap<>();
    private final Outage<Operation> outage = new Outage<>(Operation.class);

    public Outage<Operation> outage() {
        return outage;
    }

    /** How many records there are. */
    public synchronized int size() {
        return items.size();
    }

    @Override
    public synchronized boolean create(Report report) {
        outage.check(Operation.CREATE);
        if (items.containsKey(report.key())) {
            return false;
        }
        put(report);
        return true;
    }

    /** Unconditional, like BatchWriteItem; a failed batch leaves its records unwritten and names them, never throws. */
    @Override
    public synchronized List<ReportKey> createAll(List<Report> reports) {
        if (outage.isDown(Operation.CREATE_ALL)) {
            return reports.stream().map(Report::key).toList();
        }
        reports.forEach(this::put);
        return List.of();
    }

    private void put(Report r) {
        // The attributes a new item is written with: nothing of a summary, an error or a claim.
        Report written = new Report(
                r.patientId(),
                r.reportId(),
                r.tenant(),
                r.status(),
                r.originalText(),
                null,
                null,
                r.sourceSystem(),
                r.metadata(),
                r.createdAt(),
                r.updatedAt(),
                r.expiresAt(),
                r.attempts(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        items.put(r.key(), new Item(written, null, 0, false, r.createdAt()));
    }

    @Override
    public synchronized void markEnqueued(ReportKey key) {
        outage.check(Operation.MARK_ENQUEUED);
        Item item = items.get(key);
        if (item != null) {
            items.put(key, new Item(item.report(), item.claimToken(), item.leaseUntil(), item.redrivable(), null));
        }
    }

    @Override
    public synchronized void deleteIfPending(ReportKey key) {
        outage.check(Operation.DELETE_IF_PENDING);
        Item item = items.get(key);
        if (item != null && item.report().status() == ReportStatus.PENDING) {
            items.remove(key);
        }
    }

    @Override
    public synchronized Optional<Report> find(ReportKey key) {
        outage.check(Operation.FIND);
        return Optional.ofNullable(items.get(key)).map(Item::report);
    }

    /** Newest first (report ids are time-ordered); like a Query with Limit, a full page names its last id. */
    @Override
    public synchronized Page list(String patientId, Optional<String> tenant, int limit, String startAfterReportId) {
        outage.check(Operation.LIST);
        List<Report> page = items.values().stream()
                .map(Item::report)
                .filter(r -> r.patientId().equals(patientId))
                .filter(r -> tenant.isEmpty() || tenant.get().equals(r.tenant()))
                .filter(r -> startAfterReportId == null || r.reportId().compareTo(startAfterReportId) < 0)
                .sorted(Comparator.comparing(Report::reportId).reversed())
                .limit(limit)
                .toList();
        return new Page(page, page.size() == limit ? page.get(page.size() - 1).reportId() : null);
    }

    /** Claimable: PENDING, PROCESSING with an expired lease, or FAILED and redrivable. */
    @Override
    public synchronized Claim claim(ReportKey key, String claimToken, long now, long leaseUntil) {
        outage.check(Operation.CLAIM);
        Item item = items.get(key);
        if (item == null) {
            return new Claim.NotFound();
        }
        ReportStatus status = item.report().status();
        boolean claimable = status == ReportStatus.PENDING
                || item.leaseExpired(now)
                || (status == ReportStatus.FAILED && item.redrivable());
        if (!claimable) {
            return status == ReportStatus.PROCESSING
                    ? new Claim.HeldByAnother(item.leaseUntil())
                    : new Claim.AlreadyFinished(item.report());
        }
        Report r = item.report();
        Report claimed = new Report(
                r.patientId(),
                r.reportId(),
                r.tenant(),
                ReportStatus.PROCESSING,
                r.originalText(),
                r.summary(),
                r.summarySource(),
                r.sourceSystem(),
                r.metadata(),
                r.createdAt(),
                now,
                r.expiresAt(),
                r.attempts() + 1,
                r.modelId(),
                r.inputTokens(),
                r.outputTokens(),
                r.lastErrorCode(),
                r.lastErrorMessage(),
                r.review(),
                null,
                r.notification());
        items.put(key, new Item(claimed, claimToken, leaseUntil, item.redrivable(), null));
        return new Claim.Claimed(claimed);
    }

    @Override
    public synchronized boolean succeed(
            ReportKey key, String claimToken, SummaryResult result, long now, String notificationId) {
        outage.check(Operation.SUCCEED);
        Item item = items.get(key);
        if (item == null || !item.heldWith(claimToken)) {
            return false;
        }
        Report r = item.report();
        Report done = new Report(
                r.patientId(),
                r.reportId(),
                r.tenant(),
                ReportStatus.SUCCESS,
                r.originalText(),
                result.summary(),
                result.source(),
                r.sourceSystem(),
                r.metadata(),
                r.createdAt(),
                now,
                r.expiresAt(),
                r.attempts(),
                result.modelId(),
                result.inputTokens(),
                result.outputTokens(),
                null,
                null,
                null,
                result.grounding(),
                new PendingNotification(notificationId, now));
        items.put(key, new Item(done, null, 0, false, item.awaitingEnqueueSince()));
        return true;
    }

    @Override
    public synchronized boolean needsReview(
            ReportKey key,
            String claimToken,
            SummaryResult result,
            List<Review.Finding> findings,
            long now,
            String notificationId) {
        outage.check(Operation.NEEDS_REVIEW);
        Item item = items.get(key);
        if (item == null || !item.heldWith(claimToken)) {
            return false;
        }
        Report r = item.report();
        Report kept = new Report(
                r.patientId(),
                r.reportId(),
                r.tenant(),
                ReportStatus.NEEDS_REVIEW,
                r.originalText(),
                result.summary(),
                result.source(),
                r.sourceSystem(),
                r.metadata(),
                r.createdAt(),
                now,
                r.expiresAt(),
                r.attempts(),
                result.modelId(),
                result.inputTokens(),
                result.outputTokens(),
                null,
                null,
                Review.pending(findings),
                result.grounding(),
                new PendingNotification(notificationId, now));
        items.put(key, new Item(kept, null, 0, false, item.awaitingEnqueueSince()));
        return true;
    }

    @Override
    public synchronized ReviewOutcome review(
            ReportKey key,
            String tenant,
            Review.Decision decision,
            String by,
            String comment,
            long now,
            String notificationId) {
        outage.check(Operation.REVIEW);
        Item item = items.get(key);
        if (item == null || !tenant.equals(item.report().tenant())) {
            return new ReviewOutcome.NotFound();
        }
        Report r = item.report();
        if (r.status() != ReportStatus.NEEDS_REVIEW) {
            boolean same = r.review() != null && r.review().decision() == decision;
            return same ? new ReviewOutcome.AlreadyDecided(r) : new ReviewOutcome.NotAwaitingReview(r);
        }
        boolean approve = decision == Review.Decision.APPROVE;
        FailureCode code = approve ? null : FailureCode.REJECTED_IN_REVIEW;
        Report decided = new Report(
                r.patientId(),
                r.reportId(),
                r.tenant(),
                approve ? ReportStatus.SUCCESS : ReportStatus.FAILED,
                r.originalText(),
                r.summary(),
                r.summarySource(),
                r.sourceSystem(),
                r.metadata(),
                r.createdAt(),
                now,
                r.expiresAt(),
                r.attempts(),
                r.modelId(),
                r.inputTokens(),
                r.outputTokens(),
                code,
                code == null ? null : code.safeMessage(),
                new Review(r.review().findings(), decision, by, now, comment),
                r.grounding(),
                new PendingNotification(notificationId, now));
        items.put(key, new Item(decided, null, 0, false, item.awaitingEnqueueSince()));
        return new ReviewOutcome.Decided(decided);
    }

    @Override
    public synchronized boolean release(ReportKey key, String claimToken, FailureCode reason, long now) {
        outage.check(Operation.RELEASE);
        Item item = items.get(key);
        if (item == null || !item.heldWith(claimToken)) {
            return false;
        }
        items.put(
                key,
                new Item(
                        withError(
                                item.report(),
                                ReportStatus.PENDING,
                                reason,
                                now,
                                item.report().notification()),
                        null,
                        0,
                        item.redrivable(),
                        item.awaitingEnqueueSince()));
        return true;
    }

    @Override
    public synchronized boolean hold(
            ReportKey key, String claimToken, SummaryResult held, FailureCode reason, long now) {
        outage.check(Operation.HOLD);
        Item item = items.get(key);
        if (item == null || !item.heldWith(claimToken)) {
            return false;
        }
        Report r = item.report();
        Report holding = new Report(
                r.patientId(),
                r.reportId(),
                r.tenant(),
                ReportStatus.PENDING,
                r.originalText(),
                held.summary(),
                held.source(),
                r.sourceSystem(),
                r.metadata(),
                r.createdAt(),
                now,
                r.expiresAt(),
                r.attempts(),
                held.modelId(),
                held.inputTokens(),
                held.outputTokens(),
                reason,
                reason.safeMessage(),
                r.review(),
                null,
                r.notification());
        items.put(key, new Item(holding, null, 0, item.redrivable(), item.awaitingEnqueueSince()));
        return true;
    }

    /** Only while holding the claim, as the DynamoDB adapter does; redrivable when the code ends in the DLQ. */
    @Override
    public synchronized boolean fail(
            ReportKey key, String claimToken, FailureCode reason, long now, String notificationId) {
        outage.check(Operation.FAIL);
        Item item = items.get(key);
        if (item == null || !item.heldWith(claimToken)) {
            return false;
        }
        items.put(
                key,
                new Item(
                        withError(
                                item.report(),
                                ReportStatus.FAILED,
                                reason,
                                now,
                                new PendingNotification(notificationId, now)),
                        null,
                        0,
                        reason.endsInDeadLetterQueue(),
                        item.awaitingEnqueueSince()));
        return true;
    }

    @Override
    public synchronized boolean failUnfinished(ReportKey key, FailureCode reason, long now, String notificationId) {
        outage.check(Operation.FAIL_UNFINISHED);
        Item item = items.get(key);
        if (item == null || !(item.report().status() == ReportStatus.PENDING || item.leaseExpired(now))) {
            return false;
        }
        Report failed = withError(
                item.report(), ReportStatus.FAILED, reason, now, new PendingNotification(notificationId, now));
        items.put(key, new Item(failed, null, 0, true, null));
        return true;
    }

    @Override
    public synchronized void clearNotification(ReportKey key, String notificationId) {
        outage.check(Operation.CLEAR_NOTIFICATION);
        Item item = items.get(key);
        if (item != null
                && item.report().notification() != null
                && item.report().notification().id().equals(notificationId)) {
            items.put(
                    key,
                    new Item(
                            item.report().withNotification(null),
                            item.claimToken(),
                            item.leaseUntil(),
                            item.redrivable(),
                            item.awaitingEnqueueSince()));
        }
    }

    @Override
    public synchronized List<ReportKey> findAwaitingNotification(long transitionBefore, int limit) {
        outage.check(Operation.FIND_AWAITING_NOTIFICATION);
        return items.entrySet().stream()
                .filter(e -> e.getValue().report().notification() != null
                        && e.getValue().report().notification().at() < transitionBefore)
                .map(Map.Entry::getKey)
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized List<ReportKey> findAwaitingEnqueue(long createdBefore, int limit) {
        outage.check(Operation.FIND_AWAITING_ENQUEUE);
        List<ReportKey> keys = new ArrayList<>();
        items.forEach((key, item) -> {
            if (keys.size() < limit
                    && item.awaitingEnqueueSince() != null
                    && item.awaitingEnqueueSince() < createdBefore) {
                keys.add(key);
            }
        });
        return keys;
    }

    @Override
    public boolean isReachable() {
        return !outage.isDown(Operation.IS_REACHABLE);
    }

    private static Report withError(
            Report r, ReportStatus status, FailureCode code, long now, PendingNotification marker) {
        return new Report(
                r.patientId(),
                r.reportId(),
                r.tenant(),
                status,
                r.originalText(),
                r.summary(),
                r.summarySource(),
                r.sourceSystem(),
                r.metadata(),
                r.createdAt(),
                now,
                r.expiresAt(),
                r.attempts(),
                r.modelId(),
                r.inputTokens(),
                r.outputTokens(),
                code,
                code.safeMessage(),
                r.review(),
                null,
                marker);
    }
}
