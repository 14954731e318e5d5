package io.medsum.local.chaos;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.medsum.common.aws.DynamoReportStore;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportMessage;
import io.medsum.common.ports.ReportStore.Claim;
import io.medsum.common.ports.SummaryModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;

/**
 * The worker as the event source mapping sees it, except that some invocations die mid-batch like a Lambda that times
 * out: they claim reports and call the model exactly as the worker does, then vanish without writing a result or
 * answering. Their claims keep their leases, their messages stay on the queue. Time is compressed: the messages come
 * back after the lease instead of the queue's 10-minute visibility timeout, which keeps the same order of events (lease
 * expires, then the message returns). Others die later, between their terminal writes and the publish of those
 * transitions' notifications: the outbox's crash window.
 */
final class CrashingWorker implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final RequestHandler<SQSEvent, SQSBatchResponse> worker;
    /** The worker with an unreachable event bus: its terminal writes happen, its publishes do not. */
    private final RequestHandler<SQSEvent, SQSBatchResponse> withoutBus;

    /** Every n-th batch dies between its terminal writes and its publish: a count, so every run has some. */
    private final int deathBeforePublishEvery;

    private final AtomicInteger batches = new AtomicInteger();
    private final AtomicInteger diedBeforePublish = new AtomicInteger();
    private final DynamoReportStore store;
    private final SummaryModel model;
    private final SqsClient sqs;
    private final String queueUrl;
    private final int leaseSeconds;
    private final double crashProbability;
    private final Random random;
    private final AtomicInteger crashedClaims = new AtomicInteger();
    private final AtomicInteger crashedBatches = new AtomicInteger();

    CrashingWorker(
            RequestHandler<SQSEvent, SQSBatchResponse> worker,
            RequestHandler<SQSEvent, SQSBatchResponse> withoutBus,
            int deathBeforePublishEvery,
            DynamoReportStore store,
            SummaryModel model,
            SqsClient sqs,
            String queueUrl,
            int leaseSeconds,
            double crashProbability,
            long seed) {
        this.worker = worker;
        this.withoutBus = withoutBus;
        this.deathBeforePublishEvery = deathBeforePublishEvery;
        this.store = store;
        this.model = model;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.leaseSeconds = leaseSeconds;
        this.crashProbability = crashProbability;
        this.random = new Random(seed);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        if (diesBeforePublishing()) {
            // The outbox's crash window: the batch runs to its terminal writes, then the worker dies before any
            // notification is published or any message answered. The markers stay; redeliveries and the
            // reconciler must publish them.
            diedBeforePublish.incrementAndGet();
            withoutBus.handleRequest(event, context);
            returnAfterTheLease(event);
            throw new IllegalStateException("chaos: the worker was killed between its terminal writes and the publish");
        }
        if (!crashesThisTime()) {
            return worker.handleRequest(event, context);
        }
        crashedBatches.incrementAndGet();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            Optional<ReportKey> key = ReportMessage.decode(message.getBody());
            if (key.isEmpty() || !randomBoolean()) {
                continue;
            }
            long now = Instant.now().getEpochSecond();
            try {
                if (store.claim(key.get(), "crashed-worker", now, now + leaseSeconds)
                        instanceof Claim.Claimed claimed) {
                    crashedClaims.incrementAndGet();
                    model.summarize(claimed.report().originalText()); // the answer dies with the worker
                }
            } catch (SummaryModel.ModelException | RuntimeException e) {
                // The dying worker's own errors do not matter: it never reports anything.
            }
        }
        returnAfterTheLease(event);
        throw new IllegalStateException("chaos: the worker was killed mid-batch");
    }

    /** The messages of a dead invocation come back after the lease, as after a visibility timeout (compressed). */
    private void returnAfterTheLease(SQSEvent event) {
        List<ChangeMessageVisibilityBatchRequestEntry> returns = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            returns.add(ChangeMessageVisibilityBatchRequestEntry.builder()
                    .id(Integer.toString(returns.size()))
                    .receiptHandle(message.getReceiptHandle())
                    .visibilityTimeout(leaseSeconds + 1)
                    .build());
        }
        try {
            sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queueUrl).entries(returns));
        } catch (RuntimeException e) {
            // They come back after the queue's own visibility timeout instead.
        }
    }

    private boolean diesBeforePublishing() {
        return batches.incrementAndGet() % deathBeforePublishEvery == 0;
    }

    /** Batches whose worker died after their terminal writes, before publishing. */
    int diedBeforePublish() {
        return diedBeforePublish.get();
    }

    private synchronized boolean crashesThisTime() {
        return random.nextDouble() < crashProbability;
    }

    private synchronized boolean randomBoolean() {
        return random.nextBoolean();
    }

    /** Reports claimed by a worker that then died: each may cost one model call more. */
    int crashedClaims() {
        return crashedClaims.get();
    }

    int crashedBatches() {
        return crashedBatches.get();
    }
}
