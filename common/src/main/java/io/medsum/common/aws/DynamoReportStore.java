package io.medsum.common.aws;

import static io.medsum.common.aws.ReportItems.ATTEMPTS;
import static io.medsum.common.aws.ReportItems.AWAITING_ENQUEUE_INDEX;
import static io.medsum.common.aws.ReportItems.AWAITING_ENQUEUE_SINCE;
import static io.medsum.common.aws.ReportItems.AWAITING_NOTIFICATION_INDEX;
import static io.medsum.common.aws.ReportItems.CLAIM_TOKEN;
import static io.medsum.common.aws.ReportItems.ENQUEUE_SHARD;
import static io.medsum.common.aws.ReportItems.ENQUEUE_SHARDS;
import static io.medsum.common.aws.ReportItems.GROUNDING_SCORE;
import static io.medsum.common.aws.ReportItems.GROUNDING_THRESHOLD;
import static io.medsum.common.aws.ReportItems.INPUT_TOKENS;
import static io.medsum.common.aws.ReportItems.LAST_ERROR;
import static io.medsum.common.aws.ReportItems.LAST_ERROR_CODE;
import static io.medsum.common.aws.ReportItems.LEASE_UNTIL;
import static io.medsum.common.aws.ReportItems.MODEL_ID;
import static io.medsum.common.aws.ReportItems.NOTIFICATION_ID;
import static io.medsum.common.aws.ReportItems.NOTIFY_SHARD;
import static io.medsum.common.aws.ReportItems.NOTIFY_SINCE;
import static io.medsum.common.aws.ReportItems.OUTPUT_TOKENS;
import static io.medsum.common.aws.ReportItems.PATIENT_ID;
import static io.medsum.common.aws.ReportItems.REDRIVABLE;
import static io.medsum.common.aws.ReportItems.REPORT_ID;
import static io.medsum.common.aws.ReportItems.REVIEWED_AT;
import static io.medsum.common.aws.ReportItems.REVIEWED_BY;
import static io.medsum.common.aws.ReportItems.REVIEW_COMMENT;
import static io.medsum.common.aws.ReportItems.REVIEW_DECISION;
import static io.medsum.common.aws.ReportItems.REVIEW_FINDINGS;
import static io.medsum.common.aws.ReportItems.STATUS;
import static io.medsum.common.aws.ReportItems.SUMMARY;
import static io.medsum.common.aws.ReportItems.SUMMARY_SOURCE;
import static io.medsum.common.aws.ReportItems.UPDATED_AT;
import static io.medsum.common.aws.ReportItems.fromItem;
import static io.medsum.common.aws.ReportItems.key;
import static io.medsum.common.aws.ReportItems.newItem;
import static io.medsum.common.aws.ReportItems.notificationMarker;
import static io.medsum.common.aws.ReportItems.num;
import static io.medsum.common.aws.ReportItems.number;

import io.medsum.common.domain.FailureCode;
import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportStatus;
import io.medsum.common.domain.Review;
import io.medsum.common.observability.SafeErrors;
import io.medsum.common.ports.ReportStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@link ReportStore} on DynamoDB. Each transition is one conditional UpdateItem on the report's own item (no
 * transactions: they cost double and dynalite lacks them), fenced by the claim token.
 */
public final class DynamoReportStore implements ReportStore {
    private static final Logger LOG = LoggerFactory.getLogger(DynamoReportStore.class);
    private static final int BATCH_WRITE_LIMIT = 25;
    private static final int UNPROCESSED_RETRIES = 6;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoReportStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public boolean create(Report report) {
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(newItem(report))
                    .conditionExpression("attribute_not_exists(" + PATIENT_ID + ")"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public List<ReportKey> createAll(List<Report> reports) {
        List<ReportKey> failed = new ArrayList<>();
        for (int from = 0; from < reports.size(); from += BATCH_WRITE_LIMIT) {
            List<Report> chunk = reports.subList(from, Math.min(reports.size(), from + BATCH_WRITE_LIMIT));
            List<WriteRequest> pending = chunk.stream()
                    .map(r -> WriteRequest.builder()
                            .putRequest(PutRequest.builder().item(newItem(r)).build())
                            .build())
                    .toList();
            try {
                for (int attempt = 0; !pending.isEmpty() && attempt <= UNPROCESSED_RETRIES; attempt++) {
                    if (attempt > 0) {
                        backoff(attempt);
                    }
                    List<WriteRequest> request = pending;
                    BatchWriteItemResponse response =
                            dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, request)));
                    pending = response.unprocessedItems().getOrDefault(table, List.of());
                }
            } catch (SdkException e) {
                // Nothing of the unwritten rest is known to exist; the caller reports those items as failed.
                LOG.warn("Batch write failed; {} report(s) left unwritten: {}", pending.size(), SafeErrors.describe(e));
            }
            for (WriteRequest w : pending) {
                Map<String, AttributeValue> item = w.putRequest().item();
                failed.add(new ReportKey(
                        item.get(PATIENT_ID).s(), item.get(REPORT_ID).s()));
            }
        }
        return failed;
    }

    @Override
    public void markEnqueued(ReportKey key) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(ReportItems.key(key))
                    .updateExpression("REMOVE " + ENQUEUE_SHARD + ", " + AWAITING_ENQUEUE_SINCE)
                    .conditionExpression("attribute_exists(" + PATIENT_ID + ")"));
        } catch (ConditionalCheckFailedException e) {
            // Already gone (compensated or expired): nothing to unmark.
        }
    }

    @Override
    public void deleteIfPending(ReportKey key) {
        try {
            dynamo.deleteItem(b -> b.tableName(table)
                    .key(ReportItems.key(key))
                    .conditionExpression(STATUS + " = :pending")
                    .expressionAttributeValues(Map.of(":pending", AttributeValue.fromS(ReportStatus.PENDING.name()))));
        } catch (ConditionalCheckFailedException e) {
            // A worker already took it: it was enqueued after all, so keep it.
        }
    }

    @Override
    public Optional<Report> find(ReportKey key) {
        var item = dynamo.getItem(
                        b -> b.tableName(table).key(ReportItems.key(key)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public Page list(String patientId, Optional<String> tenant, int limit, String startAfterReportId) {
        // With a tenant filter, Limit counts items read, not items kept: read on until the page is full or the
        // patient's reports end, so a page is short only when it is the last.
        List<Report> items = new ArrayList<>(limit);
        Map<String, AttributeValue> start = startAfterReportId == null
                ? null
                : Map.of(
                        PATIENT_ID,
                        AttributeValue.fromS(patientId),
                        REPORT_ID,
                        AttributeValue.fromS(startAfterReportId));
        while (true) {
            Map<String, AttributeValue> from = start;
            int wanted = limit - items.size();
            QueryResponse response = dynamo.query(b -> {
                Map<String, AttributeValue> values = new HashMap<>();
                values.put(":p", AttributeValue.fromS(patientId));
                b.tableName(table)
                        .keyConditionExpression(PATIENT_ID + " = :p")
                        .scanIndexForward(false)
                        .limit(wanted)
                        .exclusiveStartKey(from);
                tenant.ifPresent(t -> {
                    values.put(":tenant", AttributeValue.fromS(t));
                    b.filterExpression(ReportItems.TENANT + " = :tenant");
                });
                b.expressionAttributeValues(values);
            });
            response.items().stream().map(ReportItems::fromItem).forEach(items::add);
            start = response.hasLastEvaluatedKey()
                            && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey()
                    : null;
            if (start == null) {
                return new Page(items, null);
            }
            if (items.size() >= limit) {
                return new Page(items, start.get(REPORT_ID).s());
            }
        }
    }

    @Override
    public Claim claim(ReportKey key, String claimToken, long now, long leaseUntil) {
        try {
            var response = dynamo.updateItem(b -> b.tableName(table)
                    .key(ReportItems.key(key))
                    .updateExpression("SET " + STATUS + " = :processing, " + CLAIM_TOKEN + " = :token, "
                            + LEASE_UNTIL + " = :lease, " + UPDATED_AT + " = :now, "
                            + ATTEMPTS + " = if_not_exists(" + ATTEMPTS + ", :zero) + :one"
                            + " REMOVE " + ENQUEUE_SHARD + ", " + AWAITING_ENQUEUE_SINCE)
                    .conditionExpression("attribute_exists(" + PATIENT_ID + ") AND (" + STATUS + " = :pending"
                            + " OR (" + STATUS + " = :processing AND " + LEASE_UNTIL + " < :now)"
                            + " OR (" + STATUS + " = :failed AND " + REDRIVABLE + " = :true))")
                    .expressionAttributeValues(Map.of(
                            ":processing", AttributeValue.fromS(ReportStatus.PROCESSING.name()),
                            ":pending", AttributeValue.fromS(ReportStatus.PENDING.name()),
                            ":failed", AttributeValue.fromS(ReportStatus.FAILED.name()),
                            ":token", AttributeValue.fromS(claimToken),
                            ":lease", number(leaseUntil),
                            ":now", number(now),
                            ":zero", number(0),
                            ":one", number(1),
                            ":true", AttributeValue.fromBool(true)))
                    .returnValues(ReturnValue.ALL_NEW));
            return new Claim.Claimed(fromItem(response.attributes()));
        } catch (ConditionalCheckFailedException e) {
            // One consistent read tells why the claim lost: gone, finished, or held (with its lease).
            var item = dynamo.getItem(
                            b -> b.tableName(table).key(ReportItems.key(key)).consistentRead(true))
                    .item();
            if (item == null || item.isEmpty()) {
                return new Claim.NotFound();
            }
            Report report = fromItem(item);
            return report.status() == ReportStatus.PROCESSING
                    ? new Claim.HeldByAnother(num(item, LEASE_UNTIL, 0))
                    : new Claim.AlreadyFinished(report);
        }
    }

    @Override
    public boolean succeed(ReportKey key, String claimToken, SummaryResult result, long now, String notificationId) {
        return storeSummary(key, claimToken, ReportStatus.SUCCESS, result, null, now, notificationId);
    }

    @Override
    public boolean needsReview(
            ReportKey key,
            String claimToken,
            SummaryResult result,
            List<Review.Finding> findings,
            long now,
            String notificationId) {
        return storeSummary(key, claimToken, ReportStatus.NEEDS_REVIEW, result, findings, now, notificationId);
    }

    /** PROCESSING → SUCCESS or NEEDS_REVIEW with the summary (and, for a review, its findings), holding the claim. */
    private boolean storeSummary(
            ReportKey key,
            String claimToken,
            ReportStatus status,
            SummaryResult result,
            List<Review.Finding> findings,
            long now,
            String notificationId) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":status", AttributeValue.fromS(status.name()));
        values.put(":summary", AttributeValue.fromS(result.summary()));
        values.put(":source", AttributeValue.fromS(result.source()));
        values.put(":model", AttributeValue.fromS(result.modelId()));
        values.put(":in", number(result.inputTokens()));
        values.put(":out", number(result.outputTokens()));
        values.put(":now", number(now));
        String review = "";
        if (findings != null) {
            review = REVIEW_FINDINGS + " = :findings, ";
            values.put(":findings", ReportItems.findings(findings));
        }
        String grounding = "";
        String noGrounding = "";
        if (result.grounding() != null) {
            grounding = GROUNDING_SCORE + " = :groundingScore, " + GROUNDING_THRESHOLD + " = :groundingThreshold, ";
            values.put(":groundingScore", ReportItems.decimal(result.grounding().score()));
            values.put(
                    ":groundingThreshold",
                    ReportItems.decimal(result.grounding().threshold()));
        } else {
            noGrounding = ", " + GROUNDING_SCORE + ", " + GROUNDING_THRESHOLD;
        }
        return updateHoldingClaim(
                key,
                claimToken,
                "SET " + STATUS + " = :status, " + SUMMARY + " = :summary, " + SUMMARY_SOURCE + " = :source, "
                        + MODEL_ID + " = :model, " + INPUT_TOKENS + " = :in, " + OUTPUT_TOKENS + " = :out, "
                        + review + grounding + notificationMarker(key.reportId(), notificationId, now, values) + ", "
                        + UPDATED_AT + " = :now"
                        + " REMOVE " + CLAIM_TOKEN + ", " + LEASE_UNTIL + ", " + LAST_ERROR + ", " + LAST_ERROR_CODE
                        + ", " + REDRIVABLE + noGrounding,
                values);
    }

    @Override
    public ReviewOutcome review(
            ReportKey key,
            String tenant,
            Review.Decision decision,
            String by,
            String comment,
            long now,
            String notificationId) {
        boolean approve = decision == Review.Decision.APPROVE;
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":awaiting", AttributeValue.fromS(ReportStatus.NEEDS_REVIEW.name()));
        values.put(":tenant", AttributeValue.fromS(tenant));
        values.put(":status", AttributeValue.fromS((approve ? ReportStatus.SUCCESS : ReportStatus.FAILED).name()));
        values.put(":decision", AttributeValue.fromS(decision.name()));
        values.put(":by", AttributeValue.fromS(by));
        values.put(":now", number(now));
        StringBuilder update = new StringBuilder("SET " + STATUS + " = :status, " + REVIEW_DECISION + " = :decision, "
                + REVIEWED_BY + " = :by, " + REVIEWED_AT + " = :now, " + UPDATED_AT + " = :now, "
                + notificationMarker(key.reportId(), notificationId, now, values));
        if (comment != null) {
            update.append(", ").append(REVIEW_COMMENT).append(" = :comment");
            values.put(":comment", AttributeValue.fromS(comment));
        }
        if (!approve) {
            update.append(", ")
                    .append(LAST_ERROR_CODE)
                    .append(" = :code, ")
                    .append(LAST_ERROR)
                    .append(" = :message");
            values.put(":code", AttributeValue.fromS(FailureCode.REJECTED_IN_REVIEW.name()));
            values.put(":message", AttributeValue.fromS(FailureCode.REJECTED_IN_REVIEW.safeMessage()));
        }
        try {
            var response = dynamo.updateItem(b -> b.tableName(table)
                    .key(ReportItems.key(key))
                    .updateExpression(update.toString())
                    .conditionExpression(STATUS + " = :awaiting AND " + ReportItems.TENANT + " = :tenant")
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW));
            return new ReviewOutcome.Decided(fromItem(response.attributes()));
        } catch (ConditionalCheckFailedException e) {
            var item = dynamo.getItem(
                            b -> b.tableName(table).key(ReportItems.key(key)).consistentRead(true))
                    .item();
            if (item == null || item.isEmpty()) {
                return new ReviewOutcome.NotFound();
            }
            Report report = fromItem(item);
            if (!tenant.equals(report.tenant())) {
                return new ReviewOutcome.NotFound();
            }
            boolean same = report.review() != null && report.review().decision() == decision;
            return same ? new ReviewOutcome.AlreadyDecided(report) : new ReviewOutcome.NotAwaitingReview(report);
        }
    }

    @Override
    public boolean release(ReportKey key, String claimToken, FailureCode reason, long now) {
        return updateHoldingClaim(
                key,
                claimToken,
                "SET " + STATUS + " = :pending, " + LAST_ERROR_CODE + " = :code, " + LAST_ERROR + " = :message, "
                        + UPDATED_AT + " = :now REMOVE " + CLAIM_TOKEN + ", " + LEASE_UNTIL,
                Map.of(
                        ":pending",
                        AttributeValue.fromS(ReportStatus.PENDING.name()),
                        ":code",
                        AttributeValue.fromS(reason.name()),
                        ":message",
                        AttributeValue.fromS(reason.safeMessage()),
                        ":now",
                        number(now)));
    }

    @Override
    public boolean hold(ReportKey key, String claimToken, SummaryResult held, FailureCode reason, long now) {
        return updateHoldingClaim(
                key,
                claimToken,
                "SET " + STATUS + " = :pending, " + SUMMARY + " = :summary, " + SUMMARY_SOURCE + " = :source, "
                        + MODEL_ID + " = :model, " + INPUT_TOKENS + " = :in, " + OUTPUT_TOKENS + " = :out, "
                        + LAST_ERROR_CODE + " = :code, " + LAST_ERROR + " = :message, " + UPDATED_AT + " = :now"
                        + " REMOVE " + CLAIM_TOKEN + ", " + LEASE_UNTIL,
                Map.of(
                        ":pending", AttributeValue.fromS(ReportStatus.PENDING.name()),
                        ":summary", AttributeValue.fromS(held.summary()),
                        ":source", AttributeValue.fromS(held.source()),
                        ":model", AttributeValue.fromS(held.modelId()),
                        ":in", number(held.inputTokens()),
                        ":out", number(held.outputTokens()),
                        ":code", AttributeValue.fromS(reason.name()),
                        ":message", AttributeValue.fromS(reason.safeMessage()),
                        ":now", number(now)));
    }

    @Override
    public boolean fail(ReportKey key, String claimToken, FailureCode reason, long now, String notificationId) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":failed", AttributeValue.fromS(ReportStatus.FAILED.name()));
        values.put(":code", AttributeValue.fromS(reason.name()));
        values.put(":message", AttributeValue.fromS(reason.safeMessage()));
        // Retries ran out or configuration was wrong: an operator's redrive may succeed later.
        values.put(":redrivable", AttributeValue.fromBool(reason.endsInDeadLetterQueue()));
        values.put(":now", number(now));
        return updateHoldingClaim(
                key,
                claimToken,
                "SET " + STATUS + " = :failed, " + LAST_ERROR_CODE + " = :code, " + LAST_ERROR + " = :message, "
                        + REDRIVABLE + " = :redrivable, " + UPDATED_AT + " = :now, "
                        + notificationMarker(key.reportId(), notificationId, now, values)
                        + " REMOVE " + CLAIM_TOKEN + ", " + LEASE_UNTIL,
                values);
    }

    @Override
    public boolean failUnfinished(ReportKey key, FailureCode reason, long now, String notificationId) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":failed", AttributeValue.fromS(ReportStatus.FAILED.name()));
        values.put(":pending", AttributeValue.fromS(ReportStatus.PENDING.name()));
        values.put(":processing", AttributeValue.fromS(ReportStatus.PROCESSING.name()));
        values.put(":code", AttributeValue.fromS(reason.name()));
        values.put(":message", AttributeValue.fromS(reason.safeMessage()));
        values.put(":true", AttributeValue.fromBool(true));
        values.put(":now", number(now));
        String marker = notificationMarker(key.reportId(), notificationId, now, values);
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(ReportItems.key(key))
                    .updateExpression("SET " + STATUS + " = :failed, " + LAST_ERROR_CODE + " = :code, " + LAST_ERROR
                            + " = :message, "
                            + REDRIVABLE + " = :true, " + UPDATED_AT + " = :now, " + marker + " REMOVE "
                            + CLAIM_TOKEN + ", " + LEASE_UNTIL
                            + ", " + ENQUEUE_SHARD + ", " + AWAITING_ENQUEUE_SINCE)
                    .conditionExpression(
                            STATUS + " = :pending OR (" + STATUS + " = :processing AND " + LEASE_UNTIL + " < :now)")
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private boolean updateHoldingClaim(
            ReportKey key, String claimToken, String update, Map<String, AttributeValue> values) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.put(":token", AttributeValue.fromS(claimToken));
        all.put(":processingState", AttributeValue.fromS(ReportStatus.PROCESSING.name()));
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(ReportItems.key(key))
                    .updateExpression(update)
                    .conditionExpression(CLAIM_TOKEN + " = :token AND " + STATUS + " = :processingState")
                    .expressionAttributeValues(all));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void clearNotification(ReportKey key, String notificationId) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(ReportItems.key(key))
                    .updateExpression("REMOVE " + NOTIFICATION_ID + ", " + NOTIFY_SHARD + ", " + NOTIFY_SINCE)
                    .conditionExpression(NOTIFICATION_ID + " = :id")
                    .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(notificationId))));
        } catch (ConditionalCheckFailedException e) {
            // Cleared already, superseded by a later transition's marker, or the record is gone: nothing to do.
        }
    }

    @Override
    public List<ReportKey> findAwaitingNotification(long transitionBefore, int limit) {
        return findInSparseIndex(AWAITING_NOTIFICATION_INDEX, NOTIFY_SHARD, NOTIFY_SINCE, transitionBefore, limit);
    }

    @Override
    public List<ReportKey> findAwaitingEnqueue(long createdBefore, int limit) {
        return findInSparseIndex(AWAITING_ENQUEUE_INDEX, ENQUEUE_SHARD, AWAITING_ENQUEUE_SINCE, createdBefore, limit);
    }

    /** The keys in one of the sharded sparse indexes whose time attribute is before {@code before}. */
    private List<ReportKey> findInSparseIndex(
            String index, String shardAttribute, String sinceAttribute, long before, int limit) {
        List<ReportKey> keys = new ArrayList<>();
        for (int shard = 0; shard < ENQUEUE_SHARDS && keys.size() < limit; shard++) {
            String shardKey = "S" + shard;
            int remaining = limit - keys.size();
            dynamo
                    .queryPaginator(b -> b.tableName(table)
                            .indexName(index)
                            .keyConditionExpression(shardAttribute + " = :shard AND " + sinceAttribute + " < :before")
                            .expressionAttributeValues(
                                    Map.of(":shard", AttributeValue.fromS(shardKey), ":before", number(before)))
                            .limit(Math.min(remaining, 100)))
                    .items()
                    .stream()
                    .limit(remaining)
                    .forEach(item -> keys.add(new ReportKey(
                            item.get(PATIENT_ID).s(), item.get(REPORT_ID).s())));
        }
        return keys;
    }

    @Override
    public boolean isReachable() {
        try {
            dynamo.describeTable(b -> b.tableName(table));
            return true;
        } catch (SdkException e) {
            LOG.warn("Health check: the table is unreachable: {}", SafeErrors.describe(e));
            return false;
        }
    }

    private static void backoff(int attempt) {
        long cap = Math.min(1000, 25L << attempt);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
