package io.medsum.local.bedrock;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Optional;

/**
 * Serves one Bedrock Runtime call in the order a real call meets its checks: the model id first (unknown and
 * end-of-life models are refused), then the quota at the front door, the model's own injected failures, the request's
 * validity against the model's limits, and only then latency and the model.
 *
 * <p>Request bodies are patient text: nothing here logs them, nor exception messages that might quote them.
 */
final class BedrockRuntimeHandler implements HttpHandler {
    private static final System.Logger LOG = System.getLogger(BedrockRuntimeHandler.class.getName());

    private final ModelCatalog catalog;
    private final ModelFaults faults;
    private final CallCounters counters;
    private final RequestQuota quota = new RequestQuota();
    private final ConverseInvocation converse;

    BedrockRuntimeHandler(ModelCatalog catalog, ModelFaults faults, CallCounters counters, SummarizingModel model) {
        this.catalog = catalog;
        this.faults = faults;
        this.counters = counters;
        this.converse = new ConverseInvocation(model);
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            // Drained before anything else so the keep-alive connection stays usable whatever we answer.
            byte[] body = exchange.getRequestBody().readAllBytes();
            Optional<ModelRoute> route = ModelRoute.of(
                    exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
            (route.isPresent() ? serve(route.get(), body) : HttpReply.unknownOperation()).writeTo(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is closing: drop the call unanswered
        } catch (IOException e) {
            // The caller hung up, typically on its own timeout; there is no one left to answer.
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Local Bedrock failed a call with " + e.getClass().getName());
            trySend(exchange, HttpReply.error(BedrockError.INTERNAL_SERVER));
        } finally {
            exchange.close();
        }
    }

    private HttpReply serve(ModelRoute route, byte[] body) throws InterruptedException {
        long started = System.nanoTime();
        counters.recordCall(route.operation());

        Optional<FoundationModel> model =
                catalog.modelForInference(route.modelId()).map(faults::asSeenNow);
        if (model.isEmpty()) {
            counters.recordRejected();
            return HttpReply.error(BedrockError.MODEL_NOT_FOUND);
        }
        if (model.get().lifecycle() == ModelLifecycle.END_OF_LIFE) {
            counters.recordRejected();
            return HttpReply.error(BedrockError.MODEL_NOT_FOUND, BedrockError.END_OF_LIFE_MESSAGE);
        }
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

        ConverseRequest request;
        try {
            request = ConverseRequest.parse(body);
            request.requireWithinLimitsOf(model.get());
        } catch (InvalidModelRequestException e) {
            counters.recordRejected();
            return HttpReply.error(BedrockError.VALIDATION, e.getMessage());
        }
        Thread.sleep(faults.latencyMs());
        ModelReply reply = converse.converse(request, faults.stopReason(), started);
        counters.recordSuccess(reply.generation().reportDigest());
        return HttpReply.ok(reply.body());
    }

    private HttpReply injectedError(BedrockError error) {
        counters.recordInjectedError(error);
        return HttpReply.error(error);
    }

    private static void trySend(HttpExchange exchange, HttpReply reply) {
        try {
            reply.writeTo(exchange);
        } catch (IOException | RuntimeException e) {
            // Headers may already be out; closing the exchange is all that is left.
        }
    }
}
