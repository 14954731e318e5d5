package io.medsum.local;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Counts the AWS requests a local pipeline's functions and event source mapping send, at the SDK: every call and HTTP
 * attempt (each attempt, retries included, is one billed request) by service, operation and kind of item, with
 * DynamoDB's consumed capacity (it asks for ReturnConsumedCapacity INDEXES on the item calls it sees). Registered
 * explicitly on those clients only ({@link LocalPipeline.Options#countingRequests}); the pipeline's own clients
 * (provisioning, queue depths, a test's reads) are never counted.
 */
public final class SdkRequestCounter implements ExecutionInterceptor {
    private static final Set<String> READS = Set.of("GetItem", "Query", "Scan", "BatchGetItem");
    private static final String AWAITING = "AwaitingEnqueueSince";

    private final Map<String, Tally> tallies = new ConcurrentHashMap<>();
    /** Keys of the items the sparse index holds now, as far as the counted writes tell. */
    private final Set<String> inIndex = ConcurrentHashMap.newKeySet();

    /** One service operation on one kind of item. */
    public static final class Tally {
        private final LongAdder calls = new LongAdder();
        private final LongAdder attempts = new LongAdder();
        private final LongAdder failures = new LongAdder();
        private final DoubleAdder capacity = new DoubleAdder();
        private final DoubleAdder indexCapacity = new DoubleAdder();
        private final LongAdder withCapacity = new LongAdder();
        private final LongAdder computedIndexWrites = new LongAdder();

        /** Calls that succeeded. */
        public long calls() {
            return calls.sum();
        }
        /** HTTP attempts sent, retries included. */
        public long attempts() {
            return attempts.sum();
        }
        /** Calls that ended in an error (a failed conditional write, say). */
        public long failures() {
            return failures.sum();
        }
        /** Read or write units in all, table and indexes. */
        public double capacity() {
            return capacity.sum();
        }

        public double indexCapacity() {
            return indexCapacity.sum();
        }
        /** Calls whose response carried consumed capacity. */
        public long callsWithCapacity() {
            return withCapacity.sum();
        }
        /**
         * Writes that add an item to, or remove it from, the sparse AwaitingEnqueue index (KEYS_ONLY, 1 WRU each in
         * DynamoDB) when the response reported no index units (dynalite does not).
         */
        public long computedIndexWrites() {
            return computedIndexWrites.sum();
        }
    }

    /** Zeroes the counts (the index bookkeeping carries over: items stay in the index across phases). */
    public void reset() {
        tallies.clear();
    }

    /**
     * Counts so far, by "Service Operation" with " (report)" or " (idempotency key)" for DynamoDB item calls, sorted.
     */
    public Map<String, Tally> tallies() {
        return new TreeMap<>(tallies);
    }

    /** Attempts sent so far by "Service.Operation", whatever the item: what SQS and DynamoDB bill as requests. */
    public Map<String, Long> attemptsByOperation() {
        Map<String, Long> counts = new TreeMap<>();
        tallies.forEach((key, tally) -> {
            String operation = key.contains(" (") ? key.substring(0, key.indexOf(" (")) : key;
            counts.merge(operation.replace(' ', '.'), tally.attempts(), Long::sum);
        });
        return counts;
    }

    public static boolean isRead(String key) {
        return READS.stream().anyMatch(op -> key.contains(" " + op));
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        if (request instanceof PutItemRequest r && r.returnConsumedCapacity() == null) {
            return r.toBuilder()
                    .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
                    .build();
        }
        if (request instanceof UpdateItemRequest r && r.returnConsumedCapacity() == null) {
            return r.toBuilder()
                    .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
                    .build();
        }
        if (request instanceof DeleteItemRequest r && r.returnConsumedCapacity() == null) {
            return r.toBuilder()
                    .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
                    .build();
        }
        if (request instanceof GetItemRequest r && r.returnConsumedCapacity() == null) {
            return r.toBuilder()
                    .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
                    .build();
        }
        if (request instanceof BatchWriteItemRequest r && r.returnConsumedCapacity() == null) {
            return r.toBuilder()
                    .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
                    .build();
        }
        if (request instanceof QueryRequest r && r.returnConsumedCapacity() == null) {
            return r.toBuilder()
                    .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
                    .build();
        }
        return request;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        tally(context.request(), attributes).attempts.increment();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        Tally tally = tally(context.request(), attributes);
        tally.calls.increment();
        double indexUnits = 0;
        for (ConsumedCapacity consumed : consumed(context.response())) {
            if (consumed != null && consumed.capacityUnits() != null) {
                tally.withCapacity.increment();
                tally.capacity.add(consumed.capacityUnits());
                if (consumed.globalSecondaryIndexes() != null) {
                    for (var c : consumed.globalSecondaryIndexes().values()) {
                        indexUnits += c.capacityUnits() == null ? 0 : c.capacityUnits();
                    }
                }
            }
        }
        tally.indexCapacity.add(indexUnits);
        if (indexUnits == 0) {
            tally.computedIndexWrites.add(indexWrites(context.request()));
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        tally(context.request(), attributes).failures.increment();
    }

    /**
     * Item writes that enter or leave the sparse index: puts carrying the attribute, updates removing it from an item
     * that had it.
     */
    private int indexWrites(SdkRequest request) {
        if (request instanceof PutItemRequest r) {
            return r.item().containsKey(AWAITING) && inIndex.add(itemKey(r.item())) ? 1 : 0;
        }
        if (request instanceof UpdateItemRequest r) {
            String expression = r.updateExpression() == null ? "" : r.updateExpression();
            int remove = expression.indexOf("REMOVE");
            boolean removes = remove >= 0 && expression.indexOf(AWAITING, remove) > 0;
            if (removes) {
                return inIndex.remove(itemKey(r.key())) ? 1 : 0;
            }
            return expression.contains(AWAITING) && inIndex.add(itemKey(r.key())) ? 1 : 0;
        }
        if (request instanceof BatchWriteItemRequest r) {
            return (int) r.requestItems().values().stream()
                    .flatMap(List::stream)
                    .filter(w -> w.putRequest() != null && w.putRequest().item().containsKey(AWAITING))
                    .filter(w -> inIndex.add(itemKey(w.putRequest().item())))
                    .count();
        }
        return 0;
    }

    private static String itemKey(Map<String, AttributeValue> item) {
        AttributeValue p = item.get("PatientID");
        AttributeValue r = item.get("ReportID");
        return (p == null ? "" : p.s()) + "/" + (r == null ? "" : r.s());
    }

    private Tally tally(SdkRequest request, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        return tallies.computeIfAbsent(service + " " + operation + kind(request), k -> new Tally());
    }

    /** DynamoDB items are reports or idempotency keys (partition IDEMPOTENCY#...). */
    private static String kind(SdkRequest request) {
        AttributeValue partition = null;
        if (request instanceof PutItemRequest r) {
            partition = r.item().get("PatientID");
        } else if (request instanceof UpdateItemRequest r) {
            partition = r.key().get("PatientID");
        } else if (request instanceof GetItemRequest r) {
            partition = r.key().get("PatientID");
        } else if (request instanceof DeleteItemRequest r) {
            partition = r.key().get("PatientID");
        }
        if (partition == null || partition.s() == null) {
            return "";
        }
        return partition.s().startsWith("IDEMPOTENCY#") ? " (idempotency key)" : " (report)";
    }

    private static List<ConsumedCapacity> consumed(SdkResponse response) {
        if (response instanceof PutItemResponse r) {
            return single(r.consumedCapacity());
        }
        if (response instanceof UpdateItemResponse r) {
            return single(r.consumedCapacity());
        }
        if (response instanceof DeleteItemResponse r) {
            return single(r.consumedCapacity());
        }
        if (response instanceof GetItemResponse r) {
            return single(r.consumedCapacity());
        }
        if (response instanceof QueryResponse r) {
            return single(r.consumedCapacity());
        }
        if (response instanceof BatchWriteItemResponse r && r.hasConsumedCapacity()) {
            return r.consumedCapacity();
        }
        return List.of();
    }

    private static List<ConsumedCapacity> single(ConsumedCapacity capacity) {
        return capacity == null ? List.of() : List.of(capacity);
    }
}
