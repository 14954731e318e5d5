package io.medsum.local.hostile;

import io.medsum.local.LocalPipeline;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Looks into the table and the queues to tell whether a request wrote anything: every item of the table (reports and
 * idempotency keys share it), and the messages of the work queue and the DLQ, visible, in flight and delayed.
 */
final class WriteProbe implements AutoCloseable {
    private final LocalPipeline pipeline;
    /** The reads are independent: made side by side, a look costs one round trip instead of four. */
    private final ExecutorService readers = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "write-probe");
        thread.setDaemon(true);
        return thread;
    });

    WriteProbe(LocalPipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** What the stack holds at one moment. */
    record Snapshot(int tableItems, QueueCounts queue, QueueCounts dlq) {}

    record QueueCounts(int visible, int notVisible, int delayed) {
        int total() {
            return visible + notVisible + delayed;
        }
    }

    /** The stack's state, and how many items one patient has. */
    record Look(Snapshot snapshot, int patientItems) {}

    Snapshot snapshot() {
        return look(null).snapshot();
    }

    /** Table, queue, DLQ and (unless null) the patient's items, read concurrently. */
    Look look(String patientId) {
        CompletableFuture<Integer> table = CompletableFuture.supplyAsync(this::tableItems, readers);
        CompletableFuture<QueueCounts> queue =
                CompletableFuture.supplyAsync(() -> counts(pipeline.resources().queueUrl()), readers);
        CompletableFuture<QueueCounts> dlq =
                CompletableFuture.supplyAsync(() -> counts(pipeline.resources().dlqUrl()), readers);
        CompletableFuture<Integer> patient = patientId == null
                ? CompletableFuture.completedFuture(0)
                : CompletableFuture.supplyAsync(() -> itemsOf(patientId), readers);
        return new Look(new Snapshot(table.join(), queue.join(), dlq.join()), patient.join());
    }

    @Override
    public void close() {
        readers.shutdownNow();
    }

    int tableItems() {
        int count = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = pipeline.dynamo()
                    .scan(b -> b.tableName(pipeline.resources().tableName())
                            .consistentRead(true)
                            .select("COUNT")
                            .exclusiveStartKey(from));
            count += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }

    /** Items under one partition key: a patient's reports. */
    int itemsOf(String patientId) {
        return pipeline.dynamo()
                .query(b -> b.tableName(pipeline.resources().tableName())
                        .consistentRead(true)
                        .keyConditionExpression("PatientID = :p")
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(patientId))))
                .count();
    }

    QueueCounts counts(String queueUrl) {
        Map<QueueAttributeName, String> attributes = pipeline.sqs()
                .getQueueAttributes(b -> b.queueUrl(queueUrl)
                        .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                .attributes();
        return new QueueCounts(
                Integer.parseInt(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")),
                Integer.parseInt(
                        attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0")),
                Integer.parseInt(
                        attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED, "0")));
    }
}
