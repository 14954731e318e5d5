package io.medsum.ingest;

import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportIds;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.http.ProblemType;
import io.medsum.common.observability.SafeErrors;
import io.medsum.common.ports.IdempotencyStore;
import io.medsum.common.ports.IdempotencyStore.Reservation;
import io.medsum.common.ports.PipelineMetrics;
import io.medsum.common.ports.ReportStore;
import io.medsum.common.ports.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts reports: PENDING record first, then the queue message, then the confirmation that takes the record out of the
 * reconciler's view. A report is "accepted" only once its message is on the queue; if the enqueue fails the record is
 * removed again and the client told to retry (503), and if this process dies in between, the reconciler enqueues the
 * record later.
 */
public final class ReportIntake {
    private static final Logger LOG = LoggerFactory.getLogger(ReportIntake.class);
    private static final String STORE_DOWN = "The report store is unavailable; retry the request";
    private static final String NOT_QUEUED = "The report could not be queued; retry the request";
    private static final String ITEM_NOT_STORED = "The report could not be stored; retry it";
    private static final String ITEM_NOT_QUEUED = "The report could not be queued; retry it";

    private final ReportStore reports;
    private final WorkQueue queue;
    private final IdempotencyStore idempotency;
    private final PipelineMetrics metrics;
    private final Clock clock;
    private final Duration retention;
    private final ExecutorService io;

    public ReportIntake(
            ReportStore reports,
            WorkQueue queue,
            IdempotencyStore idempotency,
            PipelineMetrics metrics,
            Clock clock,
            Duration retention,
            ExecutorService io) {
        this.reports = reports;
        this.queue = queue;
        this.idempotency = idempotency;
        this.metrics = metrics;
        this.clock = clock;
        this.retention = retention;
        this.io = io;
    }

    /** One report (POST /summarize). */
    public IntakeOutcome submit(String tenant, Submission submission) {
        Step step = prepare(tenant, submission, ReportIds.next());
        if (step instanceof Prepared prepared) {
            step = write(prepared, STORE_DOWN);
        }
        if (step instanceof Written written) {
            step = enqueue(written);
        }
        if (step instanceof Queued queued) {
            step = confirm(queued);
        }
        return settle(List.of(step)).get(0);
    }

    /** A submission and the report id drawn for it, before the parallel steps. */
    private record Numbered(Submission submission, String reportId) {}

    /** Many reports (POST /reports/batch): BatchWriteItem by 25 and SendMessageBatch by 10, outcome per item. */
    public List<IntakeOutcome> submitAll(String tenant, List<Submission> submissions) {
        // Ids ascending in submission order, drawn here on one thread: "newest first" listings must keep a batch's
        // order however the parallel steps below are scheduled.
        List<String> ids = ReportIds.nextInOrder(submissions.size());
        List<Numbered> numbered = new ArrayList<>(submissions.size());
        for (int i = 0; i < submissions.size(); i++) {
            numbered.add(new Numbered(submissions.get(i), ids.get(i)));
        }
        List<Step> prepared = parallel(numbered, n -> prepare(tenant, n.submission(), n.reportId()));
        List<Step> written = writeAll(prepared);
        List<Step> queued = enqueueAll(written);
        List<Step> confirmed = parallel(queued, step -> step instanceof Queued q ? confirm(q) : step);
        return settle(confirmed);
    }

    /**
     * Phase 1: reserves the idempotency key, if the request has one, and builds the PENDING record; settles the
     * submission when there is nothing to write (a replay, a key in flight or reused, the key store down).
     */
    private Step prepare(String tenant, Submission submission, String reportId) {
        long now = clock.instant().getEpochSecond();
        ReportKey proposed = new ReportKey(submission.report().patientId(), reportId);
        if (submission.idempotencyKey().isEmpty()) {
            return new Prepared(pending(proposed, tenant, submission, now), Optional.empty(), false);
        }
        String keyHash = submission.idempotencyKey().get().hash(tenant);
        Reservation reservation;
        try {
            reservation = idempotency.reserve(keyHash, IdempotencyKeys.fingerprint(submission.report()), proposed, now);
        } catch (RuntimeException e) {
            LOG.warn("Idempotency store unavailable: {}", SafeErrors.describe(e));
            return refused(ProblemType.UNAVAILABLE, STORE_DOWN);
        }
        if (reservation instanceof Reservation.Replay replay) {
            return new Settled(new IntakeOutcome.Accepted(replay.key(), true));
        }
        if (reservation instanceof Reservation.InFlight) {
            return refused(
                    ProblemType.IDEMPOTENCY_IN_FLIGHT,
                    "A request with this Idempotency-Key is still in flight; retry after it completes");
        }
        if (reservation instanceof Reservation.Mismatch) {
            return refused(
                    ProblemType.IDEMPOTENCY_MISMATCH,
                    "This Idempotency-Key was already used with a different request body");
        }
        ReportKey key = ((Reservation.Reserved) reservation).key();
        return new Prepared(pending(key, tenant, submission, now), Optional.of(keyHash), !key.equals(proposed));
    }

    /** Phase 2 for one record: a conditional write, so a taken-over key's existing record is never overwritten. */
    private Step write(Prepared prepared, String whenDown) {
        try {
            return new Written(prepared, reports.create(prepared.report()));
        } catch (RuntimeException e) {
            LOG.warn("Writing the report failed: {}", SafeErrors.describe(e));
            releaseKey(prepared);
            return refused(ProblemType.UNAVAILABLE, whenDown);
        }
    }

    /**
     * Phase 2 for a batch. Fresh ids cannot collide, so one unconditional batch write is safe; a taken-over key's
     * record may already exist and must never be overwritten, so those go one by one, conditionally.
     */
    private List<Step> writeAll(List<Step> steps) {
        List<Report> fresh = steps.stream()
                .filter(step -> step instanceof Prepared p && !p.takenOver())
                .map(step -> ((Prepared) step).report())
                .toList();
        Set<ReportKey> unwritten = new HashSet<>(fresh.isEmpty() ? List.of() : reports.createAll(fresh));
        return parallel(steps, step -> {
            if (!(step instanceof Prepared prepared)) {
                return step;
            }
            if (prepared.takenOver()) {
                return write(prepared, ITEM_NOT_STORED);
            }
            if (unwritten.contains(prepared.report().key())) {
                releaseKey(prepared);
                return refused(ProblemType.UNAVAILABLE, ITEM_NOT_STORED);
            }
            return new Written(prepared, true);
        });
    }

    /** Phase 3 for one record: the message, or the compensation when it cannot be sent. */
    private Step enqueue(Written written) {
        try {
            queue.enqueue(written.prepared().report().key());
            return new Queued(written.prepared());
        } catch (RuntimeException e) {
            LOG.warn("Enqueue failed, compensating: {}", SafeErrors.describe(e));
            return undo(written, NOT_QUEUED);
        }
    }

    /** Phase 3 for a batch: one SendMessageBatch per 10 records; those not sent are compensated. */
    private List<Step> enqueueAll(List<Step> steps) {
        List<ReportKey> keys = steps.stream()
                .filter(Written.class::isInstance)
                .map(step -> ((Written) step).prepared().report().key())
                .toList();
        Set<ReportKey> unsent = new HashSet<>(keys.isEmpty() ? List.of() : queue.enqueueAll(keys));
        return steps.stream()
                .map(step -> !(step instanceof Written written)
                        ? step
                        : unsent.contains(written.prepared().report().key())
                                ? undo(written, ITEM_NOT_QUEUED)
                                : new Queued(written.prepared()))
                .toList();
    }

    /** Phase 4: takes the record out of the reconciler's view and completes the key; accepted either way. */
    private Step confirm(Queued queued) {
        Prepared prepared = queued.prepared();
        try {
            reports.markEnqueued(prepared.report().key());
            if (prepared.keyHash().isPresent()) {
                idempotency.complete(prepared.keyHash().get(), clock.instant().getEpochSecond());
            }
        } catch (RuntimeException e) {
            // Accepted all the same: the message is on the queue. At worst the reconciler sends a duplicate
            // message, which the worker's claim turns into a no-op.
            LOG.warn("Could not confirm an enqueued report: {}", SafeErrors.describe(e));
        }
        return new Settled(new IntakeOutcome.Accepted(prepared.report().key(), false));
    }

    /** The outcomes, in submission order; the reports accepted just now are counted. */
    private List<IntakeOutcome> settle(List<Step> steps) {
        List<IntakeOutcome> outcomes =
                steps.stream().map(step -> ((Settled) step).outcome()).toList();
        long accepted = outcomes.stream()
                .filter(o -> o instanceof IntakeOutcome.Accepted a && !a.replayed())
                .count();
        if (accepted > 0) {
            metrics.accepted((int) accepted);
        }
        return outcomes;
    }

    /** The enqueue failed: removes the record (if this request wrote it) and frees the key; the client retries. */
    private Step undo(Written written, String detail) {
        Prepared prepared = written.prepared();
        try {
            if (written.created()) {
                reports.deleteIfPending(prepared.report().key());
            }
            releaseKey(prepared);
        } catch (RuntimeException e) {
            // The record stays marked as awaiting enqueue: the reconciler will send it after all.
            LOG.warn("Compensation failed; the reconciler will enqueue the report: {}", SafeErrors.describe(e));
        }
        return refused(ProblemType.ENQUEUE_FAILED, detail);
    }

    private void releaseKey(Prepared prepared) {
        if (prepared.keyHash().isEmpty()) {
            return;
        }
        try {
            idempotency.release(prepared.keyHash().get());
        } catch (RuntimeException e) {
            LOG.warn(
                    "Could not release an idempotency key; it frees itself when its lock expires: {}",
                    SafeErrors.describe(e));
        }
    }

    private Report pending(ReportKey key, String tenant, Submission submission, long now) {
        return Report.pending(key, tenant, submission.report(), now, retention.toSeconds());
    }

    private static Step refused(ProblemType problem, String detail) {
        return new Settled(new IntakeOutcome.Refused(problem, detail));
    }

    private <T, R> List<R> parallel(List<T> items, Function<T, R> task) {
        if (items.size() <= 1) {
            return items.stream().map(task).toList();
        }
        List<Future<R>> futures =
                items.stream().map(item -> io.submit(() -> task.apply(item))).toList();
        List<R> results = new ArrayList<>(futures.size());
        for (Future<R> f : futures) {
            try {
                results.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
        return results;
    }

    /** Where one submission stands: each phase takes it one step further, or settles it with its answer. */
    private sealed interface Step permits Settled, Prepared, Written, Queued {}

    /** Nothing (more) to do: the submission's answer. */
    private record Settled(IntakeOutcome outcome) implements Step {}

    /**
     * The key reserved (if the request has one) and the PENDING record built. {@code takenOver}: a retry of a request
     * that died, reusing the report id its key reserved; its record may exist already.
     */
    private record Prepared(Report report, Optional<String> keyHash, boolean takenOver) implements Step {}

    /** The record is stored; {@code created} is false when it existed already (written by a taken-over request). */
    private record Written(Prepared prepared, boolean created) implements Step {}

    /** The message is on the queue: the report is accepted once this is confirmed. */
    private record Queued(Prepared prepared) implements Step {}
}
