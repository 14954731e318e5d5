package io.medsum.bench.spike;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.medsum.common.config.Settings;
import io.medsum.local.lambda.LocalLambdaContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The synchronous design's Lambda function: one handler instance ("container", with its own SDK clients and so its own
 * retry token bucket) per concurrent request, as Lambda scales out. Containers are made ahead of the burst (like
 * provisioned concurrency), the most favourable case for this design: no cold starts.
 */
final class SyncFunction {
    private final Settings settings;
    private final ConcurrentLinkedDeque<SyncSummarizeHandler> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger containers = new AtomicInteger();

    SyncFunction(Settings settings) {
        this.settings = settings;
    }

    void prewarm(int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<SyncSummarizeHandler>> made = new ArrayList<>();
            for (int i = idle.size(); i < count; i++) {
                made.add(pool.submit(() -> new SyncSummarizeHandler(settings)));
            }
            for (Future<SyncSummarizeHandler> f : made) {
                idle.add(f.get());
                containers.incrementAndGet();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    APIGatewayProxyResponseEvent invoke(APIGatewayProxyRequestEvent event) {
        SyncSummarizeHandler handler = idle.pollFirst();
        if (handler == null) {
            containers.incrementAndGet();
            handler = new SyncSummarizeHandler(settings);
        }
        try {
            return handler.handleRequest(event, new LocalLambdaContext("SyncSummarizeFunction", 1024, 29));
        } finally {
            idle.addFirst(handler);
        }
    }

    int containers() {
        return containers.get();
    }
}
