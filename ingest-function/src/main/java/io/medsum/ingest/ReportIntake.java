package io.medsum.ingest;

import io.medsum.common.observability.SafeErrors;
import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportIds;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.http.ProblemType;
import io.medsum.common.ports.IdempotencyStore;
import io.medsum.common.ports.IdempotencyStore.Reservation;
import io.medsum.common.ports.PipelineMetrics;
import io.medsum.common.ports.ReportStore;
import io.medsum.common.ports.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts reports: PENDING record first, then the queue message, then the confirmation that takes the
 * record out of the reconciler's view. A report is "accepted" only once its message is on the queue;
 * if the enqueue fails the record is removed again and the client told to retry (503), and if this
 * process dies in between, the reconciler enqueues the record later.
 */
public final class ReportIntake {
    private static final Logger LOG = LoggerFactory.getLogger(ReportIntake.class);

    private final ReportStore reports;
    private final WorkQueue queue;
    private final IdempotencyStore idempotency;
    private final PipelineMetrics metrics;
    private final Clock clock;
    private final Duration retention;
    private final ExecutorService io;

    public ReportIntake(ReportStore reports, WorkQueue queue, IdempotencyStore idempotency, PipelineMetrics metrics,
                        Clock clock, Duration retention, ExecutorService io) {
        this.reports = reports;
        this.queue = queue;
        this.idempotency = idempotency;
        this.metrics = metrics;
        this.clock = clock;
        this.retention = retention;
        this.io = io;
    }

    /** One report (POST /summarize). */
    public IntakeOutcome submit(String callerId, Submission submission) {
        Prepared prepared = prepare(callerId, submission);
        if (prepared.outcome != null) {
            return prepared.outcome;
        }
        try {
            boolean created = reports.create(prepared.report);
            try {
                queue.enqueue(prepared.report.key());
            } catch (RuntimeException e) {
                LOG.warn("Enqueue failed, compensating: {}", SafeErrors.describe(e));
                undo(prepared, created);
                return new IntakeOutcome.Refused(ProblemType.ENQUEUE_FAILED, "The report could not be queued; retry the request");
            }
        } catch (RuntimeException e) {
            LOG.warn("Writing the report failed: {}", SafeErrors.describe(e));
            releaseKey(prepared);
            return new IntakeOutcome.Refused(ProblemType.UNAVAILABLE, "The report store is unavailable; retry the request");
        }
        confirm(prepared);
        metrics.accepted(1);
        return new IntakeOutcome.Accepted(prepared.report.key(), false);
    }

    /** Many reports (POST /reports/batch): BatchWriteItem by 25 and SendMessageBatch by 10, outcome per item. */
    public List<IntakeOutcome> submitAll(String callerId, List<Submission> submissions) {
        List<Prepared> prepared = parallel(submissions, s -> prepare(callerId, s));
        List<Prepared> fresh = new ArrayList<>();
        List<Prepared> takenOver = new ArrayList<>();
        for (Prepared p : prepared) {
            if (p.outcome == null) {
                (p.takenOver ? takenOver : fresh).add(p);
            }
        }
        Map<ReportKey, Prepared> written = new HashMap<>();
        // Fresh ids cannot collide, so an unconditional batch write is safe; a taken-over key's record
        // may already exist and must never be overwritten, so those go one by one, conditionally.
        List<ReportKey> unwritten = reports.createAll(fresh.stream().map(p -> p.report).toList());
        for (Prepared p : fresh) {
            if (unwritten.contains(p.report.key())) {
                releaseKey(p);
                p.outcome = new IntakeOutcome.Refused(ProblemType.UNAVAILABLE, "The report could not be stored; retry it");
            } else {
                p.created = true;
                written.put(p.report.key(), p);
            }
        }
        parallel(takenOver, p -> {
            try {
                p.created = reports.create(p.report);
            } catch (RuntimeException e) {
                releaseKey(p);
                p.outcome = new IntakeOutcome.Refused(ProblemType.UNAVAILABLE, "The report could not be stored; retry it");
            }
            return p;
        });
        takenOver.stream().filter(p -> p.outcome == null).forEach(p -> written.put(p.report.key(), p));

        List<ReportKey> unsent = queue.enqueueAll(new ArrayList<>(written.keySet()));
        for (ReportKey key : unsent) {
            Prepared p = written.remove(key);
            undo(p, p.created);
            p.outcome = new IntakeOutcome.Refused(ProblemType.ENQUEUE_FAILED, "The report could not be queued; retry it");
        }
        parallel(new ArrayList<>(written.values()), p -> {
            confirm(p);
            p.outcome = new IntakeOutcome.Accepted(p.report.key(), false);
            return p;
        });
        if (!written.isEmpty()) {
            metrics.accepted(written.size());
        }
        return prepared.stream().map(p -> p.outcome).toList();
    }

    /** Reserves the idempotency key if any and builds the record; sets {@code outcome} when nothing is left to do. */
    private Prepared prepare(String callerId, Submission submission) {
        long now = clock.instant().getEpochSecond();
        ReportKey proposed = new ReportKey(submission.report().patientId(), ReportIds.next());
        Prepared p = new Prepared();
        ReportKey key = proposed;
        if (submission.idempotencyKey().isPresent()) {
            p.keyHash = IdempotencyKeys.keyHash(callerId, submission.idempotencyKey().get());
            Reservation reservation;
            try {
                reservation = idempotency.reserve(p.keyHash, IdempotencyKeys.fingerprint(submission.report()), proposed, now);
            } catch (RuntimeException e) {
                LOG.warn("Idempotency store unavailable: {}", SafeErrors.describe(e));
                p.keyHash = null;
                p.outcome = new IntakeOutcome.Refused(ProblemType.UNAVAILABLE, "The report store is unavailable; retry the request");
                return p;
            }
            if (reservation instanceof Reservation.Replay replay) {
                p.outcome = new IntakeOutcome.Accepted(replay.key(), true);
                return p;
            } else if (reservation instanceof Reservation.InFlight) {
                p.outcome = new IntakeOutcome.Refused(ProblemType.IDEMPOTENCY_IN_FLIGHT,
                        "A request with this Idempotency-Key is still in flight; retry after it completes");
                return p;
            } else if (reservation instanceof Reservation.Mismatch) {
                p.outcome = new IntakeOutcome.Refused(ProblemType.IDEMPOTENCY_MISMATCH,
                        "This Idempotency-Key was already used with a different request body");
                return p;
            }
            key = ((Reservation.Reserved) reservation).key();
            p.takenOver = !key.equals(proposed);
        }
        p.report = Report.pending(key, submission.report(), now, retention.toSeconds());
        return p;
    }

    private void confirm(Prepared p) {
        try {
            reports.markEnqueued(p.report.key());
            if (p.keyHash != null) {
                idempotency.complete(p.keyHash, clock.instant().getEpochSecond());
            }
        } catch (RuntimeException e) {
            // Accepted all the same: the message is on the queue. At worst the reconciler sends a duplicate
            // message, which the worker's claim turns into a no-op.
            LOG.warn("Could not confirm an enqueued report: {}", SafeErrors.describe(e));
        }
    }

    private void undo(Prepared p, boolean created) {
        try {
            if (created) {
                reports.deleteIfPending(p.report.key());
            }
        } catch (RuntimeException e) {
            // The record stays marked as awaiting enqueue: the reconciler will send it after all.
            LOG.warn("Compensation failed; the reconciler will enqueue the report: {}", SafeErrors.describe(e));
            return;
        }
        releaseKey(p);
    }

    private void releaseKey(Prepared p) {
        if (p.keyHash == null) {
            return;
        }
        try {
            idempotency.release(p.keyHash);
        } catch (RuntimeException e) {
            LOG.warn("Could not release an idempotency key; it frees itself when its lock expires: {}", SafeErrors.describe(e));
        }
    }

    private <T, R> List<R> parallel(List<T> items, Function<T, R> task) {
        if (items.size() <= 1) {
            return items.stream().map(task).toList();
        }
        List<Future<R>> futures = items.stream().map(item -> io.submit(() -> task.apply(item))).toList();
        List<R> results = new ArrayList<>(futures.size());
        for (Future<R> f : futures) {
            try {
                results.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
        return results;
    }

    /** Working state of one submission through the steps above. */
    private static final class Prepared {
        Report report;
        String keyHash;
        boolean takenOver;
        boolean created;
        IntakeOutcome outcome;
    }

}
