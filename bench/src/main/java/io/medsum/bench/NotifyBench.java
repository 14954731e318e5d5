package io.medsum.bench;

import com.sun.net.httpserver.HttpServer;
import io.medsum.common.json.Json;
import io.medsum.local.LocalPipeline;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * {@code ./medsum bench notify}: how long a client waits to be told. From the moment a report's terminal write returns
 * (the worker's UpdateItem that leaves the outbox marker) to the moment a webhook receiver on 127.0.0.1 gets the signed
 * notification, through the local bus, its rule, the notifications queue, the notifier's fan-out and its delivery; with
 * the publish (PutEvents returned) as the split point.
 */
@Command(
        name = "notify",
        mixinStandardHelpOptions = true,
        description = {"Terminal write -> webhook received, p50/p95, on the local stack (and where the time goes)."})
public final class NotifyBench implements Callable<Integer> {
    private static final String CLIENT_KEY = "bench-notify";
    private static final String TEXT =
            "HISTORY: Two days of cough and fever. ASSESSMENT: Community-acquired pneumonia. "
                    + "PLAN: Amoxicillin 1 g three times daily for five days and review in one week.";

    @Mixin
    BenchOutput output;

    @Option(names = "--reports", defaultValue = "200", description = "Reports measured (default: ${DEFAULT-VALUE}).")
    int reports;

    @Option(
            names = "--warmup",
            defaultValue = "30",
            description = "Reports sent first and not measured (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--rate", defaultValue = "20", description = "Submissions per second (default: ${DEFAULT-VALUE}).")
    int rate;

    @Override
    public Integer call() throws Exception {
        if (reports < 1 || warmup < 0 || rate < 1) {
            throw new IllegalArgumentException("--reports and --rate must be positive, --warmup not negative");
        }
        Machine machine = Machine.current();
        Clocks clocks = new Clocks();
        Map<String, Long> received = new ConcurrentHashMap<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        receiver.setExecutor(Executors.newFixedThreadPool(4));
        receiver.createContext("/", exchange -> {
            try (exchange;
                    InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
                received.putIfAbsent(exchange.getRequestHeaders().getFirst("webhook-id"), System.nanoTime());
                exchange.sendResponseHeaders(204, -1);
            }
        });
        receiver.start();
        Table table = new Table("reports", "stage", "p50", "p95", "max");
        try (CapturedOutput captured = CapturedOutput.start(output.logs());
                LocalPipeline pipeline =
                        LocalPipeline.start(LocalPipeline.Options.inMemory().observingRequests(clocks))) {
            PrintStream out = captured.console();
            pipeline.startPolling();
            register(pipeline, "http://127.0.0.1:" + receiver.getAddress().getPort() + "/medsum");
            out.printf("notify: %d warm-up reports, then %d measured at %d/s%n", warmup, reports, rate);
            submit(pipeline, warmup, "WARM-");
            awaitDelivered(clocks, received, warmup, Duration.ofMinutes(2));
            clocks.clear();
            received.clear();
            submit(pipeline, reports, "NOTIFY-");
            boolean complete = awaitDelivered(clocks, received, reports, Duration.ofMinutes(5));
            List<Double> total = new ArrayList<>();
            List<Double> toPublish = new ArrayList<>();
            List<Double> toReceiver = new ArrayList<>();
            clocks.written.forEach((id, written) -> {
                Long arrived = received.get(id);
                Long published = clocks.published.get(id);
                if (arrived != null && published != null) {
                    total.add((arrived - written) / 1e6);
                    toPublish.add((published - written) / 1e6);
                    toReceiver.add((arrived - published) / 1e6);
                }
            });
            row(table, total.size(), "terminal write -> webhook received", total);
            row(table, toPublish.size(), "  write -> PutEvents returned", toPublish);
            row(table, toReceiver.size(), "  PutEvents returned -> received", toReceiver);
            BenchReport report = new BenchReport(
                    "notify",
                    String.format(
                            Locale.ROOT,
                            "./medsum bench notify --reports %d --warmup %d --rate %d",
                            reports,
                            warmup,
                            rate),
                    machine);
            report.paragraph(String.format(
                    Locale.ROOT,
                    "%d reports submitted at %d/s through the local stack (the worker and the notifier on their "
                            + "template event sources, the EventBridge stand-in with the template's rules, one webhook "
                            + "on 127.0.0.1 answering 204 at once). Each notification is timed from the worker's "
                            + "terminal UpdateItem returning to the receiver reading it, split where PutEvents "
                            + "returned; clocks are one JVM's System.nanoTime. The notifier's path holds two SQS "
                            + "hops (the rule's message, then one delivery message per webhook), each a long poll "
                            + "of the local event source.%s",
                    reports,
                    rate,
                    complete
                            ? ""
                            : " NOT every notification arrived within 5 minutes: the figures cover those that did."));
            report.table(null, table);
            report.publish(output, out);
        } finally {
            receiver.stop(0);
        }
        return 0;
    }

    private static void row(Table table, int count, String stage, List<Double> millis) {
        if (millis.isEmpty()) {
            table.row(count, stage, "-", "-", "-");
            return;
        }
        table.row(
                count,
                stage,
                Stats.ms(Stats.percentile(millis, 50)),
                Stats.ms(Stats.percentile(millis, 95)),
                Stats.ms(Stats.percentile(millis, 100)));
    }

    private static void register(LocalPipeline pipeline, String url) {
        var created = pipeline.invoke(
                "POST",
                "/webhooks",
                Map.of(),
                Map.of("Content-Type", "application/json"),
                Json.write(Map.of("url", url, "events", List.of("report.succeeded", "report.needs_review"))),
                false,
                CLIENT_KEY);
        if (created.getStatusCode() != 201) {
            throw new IllegalStateException("notify: the webhook was not registered: HTTP " + created.getStatusCode());
        }
    }

    private void submit(LocalPipeline pipeline, int count, String prefix) throws InterruptedException {
        long interval = 1_000_000_000L / rate;
        long next = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            next += interval;
            var accepted = pipeline.invoke(
                    "POST",
                    "/summarize",
                    Map.of(),
                    Map.of("Content-Type", "application/json"),
                    Json.write(Map.of("patientId", prefix + (i % 50), "text", TEXT)),
                    false,
                    CLIENT_KEY);
            if (accepted.getStatusCode() != 202) {
                throw new IllegalStateException("notify: a report was refused: HTTP " + accepted.getStatusCode());
            }
        }
    }

    private static boolean awaitDelivered(Clocks clocks, Map<String, Long> received, int count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (clocks.written.size() >= count && received.keySet().containsAll(clocks.written.keySet())) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** When each notification's terminal write and its publish returned, seen at the functions' SDK clients. */
    static final class Clocks implements ExecutionInterceptor {
        final Map<String, Long> written = new ConcurrentHashMap<>();
        final Map<String, Long> published = new ConcurrentHashMap<>();

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            long now = System.nanoTime();
            if (context.request() instanceof UpdateItemRequest update && update.hasExpressionAttributeValues()) {
                AttributeValue id = update.expressionAttributeValues().get(":notificationId");
                if (id != null) {
                    written.putIfAbsent(id.s(), now);
                }
            } else if (context.request() instanceof PutEventsRequest put) {
                for (PutEventsRequestEntry entry : put.entries()) {
                    try {
                        published.putIfAbsent(
                                Json.MAPPER.readTree(entry.detail()).path("id").asText(), now);
                    } catch (IOException e) {
                        // not one of ours
                    }
                }
            }
        }

        void clear() {
            written.clear();
            published.clear();
        }
    }
}
