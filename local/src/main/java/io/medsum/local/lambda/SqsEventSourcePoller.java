package io.medsum.local.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.medsum.common.observability.SafeErrors;
import io.medsum.local.infra.FunctionDefinition;
import io.medsum.local.infra.SqsEventSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The Lambda SQS event source mapping, locally: receives up to {@code BatchSize} messages (waiting at most
 * {@code MaximumBatchingWindowInSeconds} to fill a batch), invokes the handler with an {@link SQSEvent}, deletes what
 * succeeded and leaves the reported {@code batchItemFailures} (or the whole batch, when the handler throws or answers
 * with an unknown id) to come back after their visibility timeout, so SQS's receive count and redrive policy move
 * poison messages to the DLQ exactly as in AWS. Up to {@code MaximumConcurrency} batches run at once; given a container
 * supplier, each concurrent poller invokes its own handler instance, as each concurrent Lambda invocation runs in its
 * own container (with its own worker pool of {@code WorkerParallelism} threads).
 */
public final class SqsEventSourcePoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqsEventSourcePoller.class);
    private static final int SQS_RECEIVE_LIMIT = 10;

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final SqsEventSource mapping;
    private final FunctionDefinition function;
    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private final Supplier<RequestHandler<SQSEvent, SQSBatchResponse>> containers;
    private final AtomicBoolean running = new AtomicBoolean();
    private ExecutorService pollers;

    public SqsEventSourcePoller(
            SqsClient sqs,
            String queueUrl,
            String queueArn,
            SqsEventSource mapping,
            FunctionDefinition function,
            RequestHandler<SQSEvent, SQSBatchResponse> handler) {
        this(sqs, queueUrl, queueArn, mapping, function, handler, null);
    }

    /**
     * @param handler the instance {@link #pollOnce} invokes
     * @param containers makes one more instance for each background poller; null to share {@code handler}
     */
    public SqsEventSourcePoller(
            SqsClient sqs,
            String queueUrl,
            String queueArn,
            SqsEventSource mapping,
            FunctionDefinition function,
            RequestHandler<SQSEvent, SQSBatchResponse> handler,
            Supplier<RequestHandler<SQSEvent, SQSBatchResponse>> containers) {
        this.containers = containers;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.mapping = mapping;
        this.function = function;
        this.handler = handler;
    }

    /** Whether background pollers are running (between {@link #start} and {@link #close}). */
    public boolean isRunning() {
        return running.get();
    }

    /** Starts {@code MaximumConcurrency} pollers in the background. */
    public synchronized void start() {
        if (running.getAndSet(true)) {
            return;
        }
        int concurrency = Math.max(1, mapping.maximumConcurrency() == null ? 2 : mapping.maximumConcurrency());
        pollers = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "esm-poller");
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < concurrency; i++) {
            RequestHandler<SQSEvent, SQSBatchResponse> container = containers == null ? handler : containers.get();
            pollers.submit(() -> {
                while (running.get()) {
                    try {
                        pollOnce(Duration.ofSeconds(1), container);
                    } catch (RuntimeException e) {
                        if (running.get()) {
                            LOG.warn("Poll failed: {}", SafeErrors.describe(e));
                            sleep(Duration.ofMillis(500));
                        }
                    }
                }
            });
        }
    }

    /**
     * Receives one batch (waiting up to {@code wait} for the first message, then up to the batching window to fill it),
     * invokes the handler and settles the messages. Returns how many messages were delivered.
     */
    public int pollOnce(Duration wait) {
        return pollOnce(wait, handler);
    }

    private int pollOnce(Duration wait, RequestHandler<SQSEvent, SQSBatchResponse> handler) {
        List<Message> batch = receiveBatch(wait);
        if (batch.isEmpty()) {
            return 0;
        }
        SQSEvent event = toEvent(batch);
        Set<String> failed = new HashSet<>();
        try {
            var context = new LocalLambdaContext(function.logicalId(), function.memorySizeMb(), (int)
                    function.timeout().toSeconds());
            SQSBatchResponse response = handler.handleRequest(event, context);
            failed.addAll(failedIds(batch, response));
        } catch (RuntimeException e) {
            LOG.warn(
                    "Worker invocation failed; the whole batch returns after its visibility timeout: {}",
                    SafeErrors.describe(e));
            return batch.size();
        }
        List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
        for (Message m : batch) {
            if (!failed.contains(m.messageId())) {
                deletes.add(DeleteMessageBatchRequestEntry.builder()
                        .id(Integer.toString(deletes.size()))
                        .receiptHandle(m.receiptHandle())
                        .build());
            }
        }
        if (!deletes.isEmpty()) {
            sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(deletes));
        }
        return batch.size();
    }

    /** Ids to keep; like Lambda, an unknown or empty id in the response fails the whole batch. */
    private Set<String> failedIds(List<Message> batch, SQSBatchResponse response) {
        Set<String> all = new HashSet<>();
        batch.forEach(m -> all.add(m.messageId()));
        if (response == null || response.getBatchItemFailures() == null || !mapping.reportsBatchItemFailures()) {
            return Set.of();
        }
        Set<String> failed = new HashSet<>();
        for (SQSBatchResponse.BatchItemFailure f : response.getBatchItemFailures()) {
            if (f.getItemIdentifier() == null || !all.contains(f.getItemIdentifier())) {
                return all;
            }
            failed.add(f.getItemIdentifier());
        }
        return failed;
    }

    private List<Message> receiveBatch(Duration wait) {
        int batchSize = Math.max(1, mapping.batchSize());
        long windowMillis = mapping.maximumBatchingWindow() == null
                ? 0
                : mapping.maximumBatchingWindow().toMillis();
        List<Message> batch = new ArrayList<>();
        long deadline = -1;
        while (batch.size() < batchSize) {
            int waitSeconds = batch.isEmpty()
                    ? (int) Math.min(20, wait.toSeconds())
                    : (int) Math.min(20, Math.max(0, (deadline - System.currentTimeMillis()) / 1000));
            int max = Math.min(SQS_RECEIVE_LIMIT, batchSize - batch.size());
            List<Message> received = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                            .maxNumberOfMessages(max)
                            .waitTimeSeconds(waitSeconds)
                            .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                            .messageAttributeNames("All"))
                    .messages();
            batch.addAll(received);
            if (batch.isEmpty()) {
                return batch;
            }
            if (deadline < 0) {
                deadline = System.currentTimeMillis() + windowMillis;
            }
            if (received.isEmpty() || System.currentTimeMillis() >= deadline) {
                break;
            }
        }
        return batch;
    }

    private SQSEvent toEvent(List<Message> batch) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : batch) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(m.messageId());
            record.setReceiptHandle(m.receiptHandle());
            record.setBody(m.body());
            record.setMd5OfBody(m.md5OfBody());
            Map<String, String> attributes = new HashMap<>();
            m.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
            record.setAttributes(attributes);
            Map<String, SQSEvent.MessageAttribute> messageAttributes = new HashMap<>();
            m.messageAttributes().forEach((k, v) -> {
                SQSEvent.MessageAttribute a = new SQSEvent.MessageAttribute();
                a.setDataType(v.dataType());
                a.setStringValue(v.stringValue());
                messageAttributes.put(k, a);
            });
            record.setMessageAttributes(messageAttributes);
            record.setEventSource("aws:sqs");
            record.setEventSourceArn(queueArn);
            record.setAwsRegion("us-east-1");
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    /** Stops polling and waits for in-flight batches to finish (their messages are settled or returned). */
    @Override
    public synchronized void close() {
        if (!running.getAndSet(false)) {
            return;
        }
        pollers.shutdown();
        try {
            if (!pollers.awaitTermination(function.timeout().toSeconds() + 25L, TimeUnit.SECONDS)) {
                pollers.shutdownNow();
            }
        } catch (InterruptedException e) {
            pollers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
