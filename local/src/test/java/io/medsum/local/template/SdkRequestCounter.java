package io.medsum.local.template;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every AWS SDK request sent in this JVM, per {@code Service.Operation}. Registered for all clients
 * through the SDK's global interceptor file
 * ({@code software/amazon/awssdk/global/handlers/execution.interceptors} on the test classpath), so the
 * functions' own clients are counted without changing them. Counted just before transmission: each
 * attempt, retries included, is one billed request.
 */
public final class SdkRequestCounter implements ExecutionInterceptor {
    private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();

    /** The SDK instantiates this class itself, once per client; the counts are shared. */
    public SdkRequestCounter() {
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String key = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        COUNTS.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    static void reset() {
        COUNTS.clear();
    }

    /** The counts since the last reset, sorted by name. */
    static Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        COUNTS.forEach((key, adder) -> counts.put(key, adder.sum()));
        return counts;
    }
}
