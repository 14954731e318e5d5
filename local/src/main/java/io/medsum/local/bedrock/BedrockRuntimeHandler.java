package io.medsum.local.bedrock;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Serves one Bedrock Runtime call: routing, then the fault switches in the order a real call meets
 * them (quota at the front door, then the model's own failures and latency), then the model.
 *
 * <p>Request bodies are patient text: nothing here logs them, nor exception messages that might quote them.
 */
final class BedrockRuntimeHandler implements HttpHandler {
    private static final System.Logger LOG = System.getLogger(BedrockRuntimeHandler.class.getName());

    private final ModelFaults faults;
    private final CallCounters counters;
    private final RequestQuota quota = new RequestQuota();
    private final TitanTextInvocation titan;
    private final ConverseInvocation converse;

    BedrockRuntimeHandler(ModelFaults faults, CallCounters counters, SummarizingModel model) {
        this.faults = faults;
        this.counters = counters;
        this.titan = new TitanTextInvocation(model);
        this.converse = new ConverseInvocation(model);
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            // Drained before anything else so the keep-alive connection stays usable whatever we answer.
            byte[] body = exchange.getRequestBody().readAllBytes();
            Optional<ModelRoute> route = ModelRoute.of(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
            send(exchange, route.isPresent() ? serve(route.get(), body) : HttpReply.unknownOperation());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is closing: drop the call unanswered
        } catch (IOException e) {
            // The caller hung up, typically on its own timeout; there is no one left to answer.
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Local Bedrock failed a call with " + e.getClass().getName());
            trySend(exchange, HttpReply.error(BedrockError.INTERNAL_SERVER));
        } finally {
            exchange.close();
        }
    }

    private HttpReply serve(ModelRoute route, byte[] body) throws InterruptedException {
        long started = System.nanoTime();
        counters.recordCall(route.operation());

        if (!quota.tryAcquire(faults.requestsPerMinute(), faults.quotaWindow(), started)) {
            counters.recordQuotaThrottle();
            return HttpReply.error(BedrockError.THROTTLING);
        }
        Optional<BedrockError> injected = faults.drawInjectedError();
        if (injected.isPresent()) {
            return injectedError(injected.get());
        }
        long timeoutMs = faults.timeoutMs();
        if (timeoutMs > 0) {
            Thread.sleep(timeoutMs);
            return injectedError(BedrockError.MODEL_TIMEOUT);
        }
        Thread.sleep(faults.latencyMs());

        try {
            ModelReply reply = switch (route.operation()) {
                case INVOKE_MODEL -> titan.invoke(body);
                case CONVERSE -> converse.converse(body, started);
            };
            counters.recordSuccess(reply.generation().reportDigest());
            return route.operation() == BedrockOperation.INVOKE_MODEL
                    ? HttpReply.okWithUsageHeaders(reply, elapsedMs(started))
                    : HttpReply.ok(reply.body());
        } catch (InvalidModelRequestException e) {
            counters.recordRejected();
            return HttpReply.error(BedrockError.VALIDATION, e.getMessage());
        }
    }

    private HttpReply injectedError(BedrockError error) {
        counters.recordInjectedError(error);
        return HttpReply.error(error);
    }

    private static void send(HttpExchange exchange, HttpReply reply) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("x-amzn-RequestId", UUID.randomUUID().toString());
        for (Map.Entry<String, String> header : reply.headers().entrySet()) {
            headers.set(header.getKey(), header.getValue());
        }
        exchange.sendResponseHeaders(reply.status(), reply.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply.body());
        }
    }

    private static void trySend(HttpExchange exchange, HttpReply reply) {
        try {
            send(exchange, reply);
        } catch (IOException | RuntimeException e) {
            // Headers may already be out; closing the exchange is all that is left.
        }
    }

    private static long elapsedMs(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }
}
