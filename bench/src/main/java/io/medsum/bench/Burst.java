package io.medsum.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.common.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.LongConsumer;

/** Requests that all arrive at once: one client thread each (up to a cap), released together by a gate. */
public final class Burst {
    /** One client's answer: HTTP status, its latency, when it came (seconds since the gate opened), the report. */
    public record Answer(int status, double latencyMs, double atSeconds, String patientId, String reportId) {
        public boolean ok() {
            return status / 100 == 2;
        }
    }

    /** The answers in request order, and the gate's time (System.nanoTime) that the timeline starts from. */
    public record Result(List<Answer> answers, long startNanos) {
        public Result {
            answers = List.copyOf(answers);
        }
    }

    private Burst() {}

    public static Result run(List<String> bodies, int clients, Function<String, APIGatewayProxyResponseEvent> call)
            throws Exception {
        return run(bodies, clients, call, start -> {});
    }

    /** @param onStart told the gate's System.nanoTime as it opens, so a monitor can share the timeline */
    public static Result run(
            List<String> bodies, int clients, Function<String, APIGatewayProxyResponseEvent> call, LongConsumer onStart)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(clients, bodies.size())), runnable -> {
            Thread thread = new Thread(runnable, "bench-client");
            thread.setDaemon(true);
            return thread;
        });
        CountDownLatch ready = new CountDownLatch(Math.min(clients, bodies.size()));
        CountDownLatch gate = new CountDownLatch(1);
        long[] start = new long[1];
        try {
            List<Future<Answer>> futures = new ArrayList<>();
            for (String body : bodies) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    gate.await();
                    long sent = System.nanoTime();
                    APIGatewayProxyResponseEvent response;
                    try {
                        response = call.apply(body);
                    } catch (RuntimeException e) {
                        response = new APIGatewayProxyResponseEvent().withStatusCode(502);
                    }
                    long answered = System.nanoTime();
                    String patientId = null;
                    String reportId = null;
                    if (response.getStatusCode() / 100 == 2 && response.getBody() != null) {
                        JsonNode json = Json.parse(response.getBody());
                        patientId = json.path("patientId").asText(null);
                        reportId = json.path("reportId").asText(null);
                    }
                    return new Answer(
                            response.getStatusCode(),
                            (answered - sent) / 1e6,
                            (answered - start[0]) / 1e9,
                            patientId,
                            reportId);
                }));
            }
            ready.await();
            start[0] = System.nanoTime();
            onStart.accept(start[0]);
            gate.countDown();
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> f : futures) {
                answers.add(f.get());
            }
            return new Result(answers, start[0]);
        } finally {
            pool.shutdownNow();
        }
    }
}
