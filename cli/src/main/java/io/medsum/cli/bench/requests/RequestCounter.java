package io.medsum.cli.bench.requests;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
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
 * Counts AWS requests at the SDK, for the requests benchmark: every call and HTTP attempt by service,
 * operation and kind of item, with DynamoDB's consumed capacity (it asks for ReturnConsumedCapacity
 * INDEXES on the item calls it sees). The SDK loads it into every client from the classpath resource
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}; it does nothing until the
 * benchmark switches it on, and never on a thread inside {@link #uncounted}.
 */
public final class RequestCounter implements ExecutionInterceptor {
    private static volatile boolean enabled;
    private static final ThreadLocal<Boolean> SUPPRESSED = ThreadLocal.withInitial(() -> false);
    private static final Map<String, Tally> TALLIES = new ConcurrentHashMap<>();
    private static final Set<String> READS = Set.of("GetItem", "Query", "Scan", "BatchGetItem");

    /** One service operation on one kind of item. */
    public static final class Tally {
        final LongAdder calls = new LongAdder();
        final LongAdder attempts = new LongAdder();
        final LongAdder failures = new LongAdder();
        final DoubleAdder capacity = new DoubleAdder();
        final DoubleAdder indexCapacity = new DoubleAdder();
        final LongAdder withCapacity = new LongAdder();
        final LongAdder computedIndexWrites = new LongAdder();

        public long calls() { return calls.sum(); }
        public long attempts() { return attempts.sum(); }
        public long failures() { return failures.sum(); }
        /** Read or write units in all, table and indexes. */
        public double capacity() { return capacity.sum(); }
        public double indexCapacity() { return indexCapacity.sum(); }
        /** Calls whose response carried consumed capacity (a failed conditional write carries none). */
        public long callsWithCapacity() { return withCapacity.sum(); }
        /**
         * Writes that add an item to, or remove it from, the sparse AwaitingEnqueue index (KEYS_ONLY, 1 WRU each in
         * DynamoDB) when the response reported no index units (dynalite does not).
         */
        public long computedIndexWrites() { return computedIndexWrites.sum(); }
    }

    public static void enable(boolean on) {
        enabled = on;
    }

    /** Zeroes the counts (the index bookkeeping carries over: items stay in the index across phases). */
    public static void reset() {
        TALLIES.clear();
    }

    /** Counts so far, by "Service Operation [kind]", sorted. */
    public static Map<String, Tally> snapshot() {
        return new TreeMap<>(TALLIES);
    }

    public static boolean isRead(String key) {
        return READS.stream().anyMatch(op -> key.contains(" " + op));
    }

    /** Runs the benchmark's own calls (table reads, queue depth) without counting them. */
    public static <T> T uncounted(Supplier<T> call) {
        boolean before = SUPPRESSED.get();
        SUPPRESSED.set(true);
        try {
            return call.get();
        } finally {
            SUPPRESSED.set(before);
        }
    }

    private static boolean counting() {
        return enabled && !SUPPRESSED.get();
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        if (!counting()) {
            return context.request();
        }
        SdkRequest request = context.request();
        if (request instanceof PutItemRequest r && r.returnConsumedCapacity() == null) {
            return r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.INDEXES).build();
        }
        if (request instanceof UpdateItemRequest r && r.returnConsumedCapacity() == null) {
            return r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.INDEXES).build();
        }
        if (request instanceof DeleteItemRequest r && r.returnConsumedCapacity() == null) {
            return r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.INDEXES).build();
        }
        if (request instanceof GetItemRequest r && r.returnConsumedCapacity() == null) {
            return r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.INDEXES).build();
        }
        if (request instanceof BatchWriteItemRequest r && r.returnConsumedCapacity() == null) {
            return r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.INDEXES).build();
        }
        if (request instanceof QueryRequest r && r.returnConsumedCapacity() == null) {
            return r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.INDEXES).build();
        }
        return request;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (counting()) {
            tally(context.request(), attributes).attempts.increment();
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (!counting()) {
            return;
        }
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

    private static final String AWAITING = "AwaitingEnqueueSince";

    /** Keys of the items the sparse index holds now, as far as the counted writes tell. */
    private static final Set<String> IN_INDEX = ConcurrentHashMap.newKeySet();

    /** Item writes that enter or leave the sparse index: puts carrying the attribute, updates removing it from an item that had it. */
    private static int indexWrites(SdkRequest request) {
        if (request instanceof PutItemRequest r) {
            return r.item().containsKey(AWAITING) && IN_INDEX.add(itemKey(r.item())) ? 1 : 0;
        }
        if (request instanceof UpdateItemRequest r) {
            String expression = r.updateExpression() == null ? "" : r.updateExpression();
            int remove = expression.indexOf("REMOVE");
            boolean removes = remove >= 0 && expression.indexOf(AWAITING, remove) > 0;
            if (removes) {
                return IN_INDEX.remove(itemKey(r.key())) ? 1 : 0;
            }
            return expression.contains(AWAITING) && IN_INDEX.add(itemKey(r.key())) ? 1 : 0;
        }
        if (request instanceof BatchWriteItemRequest r) {
            return (int) r.requestItems().values().stream().flatMap(java.util.List::stream)
                    .filter(w -> w.putRequest() != null && w.putRequest().item().containsKey(AWAITING))
                    .filter(w -> IN_INDEX.add(itemKey(w.putRequest().item()))).count();
        }
        return 0;
    }

    private static String itemKey(Map<String, AttributeValue> item) {
        AttributeValue p = item.get("PatientID");
        AttributeValue r = item.get("ReportID");
        return (p == null ? "" : p.s()) + "/" + (r == null ? "" : r.s());
    }

    private static Tally tally(SdkRequest request, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        return TALLIES.computeIfAbsent(service + " " + operation + kind(request), k -> new Tally());
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

    private static java.util.List<ConsumedCapacity> consumed(SdkResponse response) {
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
        return java.util.List.of();
    }

    private static java.util.List<ConsumedCapacity> single(ConsumedCapacity capacity) {
        return capacity == null ? java.util.List.of() : java.util.List.of(capacity);
    }
}
