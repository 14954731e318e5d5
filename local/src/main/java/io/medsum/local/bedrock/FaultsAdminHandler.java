package io.medsum.local.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.medsum.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /_medsum/faults}: the running stack's fault switches, for {@code ./medsum faults} and the chaos and benchmark
 * tools. GET shows them with the call counters, POST sets the fields it is given, DELETE clears them. Fields:
 * latencyMs, requestsPerMinute, errorRate, errorKind, timeoutMs, stopReason ("natural" to unset) and modelLifecycle
 * ("catalog" to unset), with the CLI's switch names as values. Outside the Bedrock API's paths, so no SDK call can
 * reach it by accident.
 */
final class FaultsAdminHandler implements HttpHandler {
    static final String PATH = "/_medsum/faults";

    private final ModelFaults faults;
    private final CallCounters counters;

    FaultsAdminHandler(ModelFaults faults, CallCounters counters) {
        this.faults = faults;
        this.counters = counters;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            int status = 200;
            String method = exchange.getRequestMethod();
            try {
                switch (method) {
                    case "GET" -> {}
                    case "DELETE" -> faults.clear();
                    case "POST", "PUT" -> apply(readBody(exchange.getRequestBody()));
                    default -> status = 405;
                }
            } catch (IllegalArgumentException | Json.InvalidJsonException e) {
                reply(exchange, 400, Map.of("message", e.getMessage()));
                return;
            }
            reply(exchange, status, describe());
        }
    }

    private static JsonNode readBody(InputStream in) throws IOException, Json.InvalidJsonException {
        return Json.parse(new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8));
    }

    private void apply(JsonNode settings) {
        if (settings.has("latencyMs")) {
            faults.latencyMs(settings.get("latencyMs").asLong());
        }
        if (settings.has("requestsPerMinute")) {
            faults.requestsPerMinute(settings.get("requestsPerMinute").asInt());
        }
        if (settings.has("errorRate")) {
            faults.errorRate(settings.get("errorRate").asDouble());
        }
        if (settings.has("errorKind")) {
            faults.errorKind(
                    BedrockError.fromSwitchName(settings.get("errorKind").asText()));
        }
        if (settings.has("timeoutMs")) {
            faults.timeoutMs(settings.get("timeoutMs").asLong());
        }
        if (settings.has("stopReason")) {
            faults.stopReasonSwitch(settings.get("stopReason").asText());
        }
        if (settings.has("modelLifecycle")) {
            faults.modelLifecycleSwitch(settings.get("modelLifecycle").asText());
        }
    }

    private Map<String, Object> describe() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("latencyMs", faults.latencyMs());
        view.put("requestsPerMinute", faults.requestsPerMinute());
        view.put("errorRate", faults.errorRate());
        view.put("errorKind", faults.errorKind().switchName());
        view.put("timeoutMs", faults.timeoutMs());
        view.put(
                "stopReason",
                faults.stopReason().map(ModelStopReason::wireName).orElse(ModelStopReason.NATURAL_SWITCH));
        view.put(
                "modelLifecycle",
                faults.modelLifecycle().map(ModelLifecycle::switchName).orElse(ModelLifecycle.CATALOG_SWITCH));
        Map<String, Object> calls = new LinkedHashMap<>();
        calls.put("totalCalls", counters.totalCalls());
        calls.put("successfulCalls", counters.successfulCalls());
        calls.put("throttledCalls", counters.throttledCalls());
        calls.put("injectedErrors", counters.injectedErrors());
        calls.put("rejectedCalls", counters.rejectedCalls());
        calls.put("getFoundationModelCalls", counters.controlPlaneCalls(ControlPlaneOperation.GET_FOUNDATION_MODEL));
        calls.put("getInferenceProfileCalls", counters.controlPlaneCalls(ControlPlaneOperation.GET_INFERENCE_PROFILE));
        view.put("counters", calls);
        return view;
    }

    private static void reply(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
