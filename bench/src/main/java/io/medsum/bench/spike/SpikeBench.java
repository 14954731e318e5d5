package io.medsum.bench.spike;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.medsum.bench.BenchOutput;
import io.medsum.bench.BenchReport;
import io.medsum.bench.Burst;
import io.medsum.bench.CapturedOutput;
import io.medsum.bench.Machine;
import io.medsum.bench.Stats;
import io.medsum.bench.Table;
import io.medsum.common.config.Settings;
import io.medsum.common.json.Json;
import io.medsum.local.LocalPipeline;
import io.medsum.local.bedrock.CallCounters;
import io.medsum.local.bedrock.LocalBedrockServer;
import io.medsum.local.bedrock.ModelFaults;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code ./medsum bench spike}: a burst against the model quota, queue-driven pipeline vs. the original synchronous
 * design.
 */
@Command(
        name = "spike",
        mixinStandardHelpOptions = true,
        description = {
            "N reports arrive at once while the local model allows Q requests per minute with latency L.",
            "Runs the queue-driven pipeline and the original synchronous "
                    + "design (the request calls the model, with the SDK's "
                    + "standard retries, and writes the record before "
                    + "answering) one after the other, same model settings, and "
                    + "compares client errors, client latency, drain time against N/Q, quota use and throttling.",
            "The worker's concurrency is sized from Q and L (template.yaml, MaxConcurrency)."
        })
public final class SpikeBench implements Callable<Integer> {
    private static final int WARMUP = 20;

    @Mixin
    BenchOutput output;

    @Option(
            names = "--reports",
            defaultValue = "300",
            description = "N: reports in the burst (default: ${DEFAULT-VALUE}).")
    int reports;

    @Option(
            names = "--rpm",
            defaultValue = "600",
            description = "Q: model requests per minute (default: ${DEFAULT-VALUE}).")
    int rpm;

    @Option(
            names = "--latency-ms",
            defaultValue = "500",
            description = "L: model latency per call (default: ${DEFAULT-VALUE}).")
    long latencyMs;

    @Option(
            names = "--quota-window-s",
            description = {
                "The quota's sliding window: Q x W / 60 calls per W seconds.",
                "Default: the shortest whole-second window that holds a "
                        + "whole number of calls (1 s for Q=600, i.e. 10 per second).",
                "60 gives a per-minute window, which admits a burst of up to Q at once."
            })
    Integer quotaWindowSeconds;

    @Option(names = "--concurrency", description = "MaxConcurrency override (default: sized from Q and L).")
    Integer concurrency;

    @Option(names = "--parallelism", description = "WorkerParallelism override (default: sized from Q and L).")
    Integer parallelism;

    @Option(
            names = "--clients",
            defaultValue = "1000",
            description = "At most this many requests in flight at once "
                    + "(default: ${DEFAULT-VALUE}; all N when N is smaller).")
    int clients;

    @Option(
            names = "--timeout-s",
            defaultValue = "900",
            description = "Give up waiting for the pipeline to drain after this long (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--chart", description = "PNG to write (default: <charts>/spike.png).")
    Path chart;

    @Option(
            names = "--sample-ms",
            defaultValue = "500",
            description = "How often the table is read for the async timeline (default: ${DEFAULT-VALUE}).")
    long sampleMs;

    /** What one design did in the burst. */
    record Phase(
            String name,
            List<Burst.Answer> answers,
            double drainSeconds,
            int succeeded,
            int failed,
            int lost,
            long modelCalls,
            long modelSuccesses,
            long throttled,
            List<double[]> doneCurve,
            List<double[]> errorCurve,
            List<Double> timeToResultSeconds,
            Map<Integer, Integer> errorsByStatus) {
        int accepted() {
            return (int) answers.stream().filter(Burst.Answer::ok).count();
        }

        int errors() {
            return answers.size() - accepted();
        }

        double latency(double p) {
            return Stats.percentile(
                    answers.stream().map(Burst.Answer::latencyMs).toList(), p);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (reports < 1 || rpm < 1 || latencyMs < 0) {
            throw new IllegalArgumentException("--reports and --rpm must be positive, --latency-ms not negative");
        }
        int window = quotaWindowSeconds != null ? quotaWindowSeconds : wholeWindow(rpm);
        if (window < 1 || (long) rpm * window % 60 != 0) {
            throw new IllegalArgumentException(
                    "--quota-window-s must make Q x W / 60 a whole number of calls (Q=" + rpm + ")");
        }
        int perWindow = (int) ((long) rpm * window / 60);
        Sizing sized = Sizing.fromQuota(rpm, latencyMs);
        Sizing sizing = concurrency == null && parallelism == null
                ? sized
                : Sizing.explicit(
                        sized.target(),
                        concurrency != null ? concurrency : sized.concurrency(),
                        parallelism != null ? parallelism : sized.parallelism());
        Machine machine = Machine.current();
        double ideal = reports * 60.0 / rpm;

        Phase async;
        Phase sync;
        int syncContainers;
        try (CapturedOutput captured = CapturedOutput.start(output.logs())) {
            PrintStream out = captured.console();
            out.printf(
                    "spike: N=%d reports at once, Q=%d requests/min (%d per %d "
                            + "s sliding window), L=%d ms; ideal drain N/Q = %.1f s%n",
                    reports, rpm, perWindow, window, latencyMs, ideal);
            out.println("sizing: " + sizing.describe()
                    + (concurrency != null || parallelism != null ? " (overridden)" : ""));
            out.println("        (the template's defaults would give " + Sizing.templateDefault(rpm, latencyMs) + ")");

            Map<String, String> parameters = Map.of(
                    "MaxConcurrency",
                    Integer.toString(sizing.concurrency()),
                    "WorkerParallelism",
                    Integer.toString(sizing.parallelism()));
            ModelFaults asyncModel = new ModelFaults();
            var options = new LocalPipeline.Options(
                    null,
                    parameters,
                    Map.of("WORKER_PARALLELISM", Integer.toString(sizing.parallelism())),
                    asyncModel,
                    LocalPipeline.Endpoints.NONE);
            try (LocalPipeline pipeline = LocalPipeline.start(options);
                    LocalBedrockServer syncModel = LocalBedrockServer.start(0, new ModelFaults())) {
                Map<String, String> syncEnv = new HashMap<>(pipeline.environment(LocalPipeline.WORKER));
                syncEnv.put(
                        "AWS_ENDPOINT_URL_BEDROCK_RUNTIME", syncModel.endpoint().toString());
                SyncFunction syncFunction = new SyncFunction(new Settings(syncEnv));
                out.printf("preparing: %d synchronous function containers, warm-up of both paths...%n", reports);
                syncFunction.prewarm(Math.min(reports, clients));
                pipeline.startPolling();
                warmUp(pipeline, syncFunction);

                for (ModelFaults faults : List.of(asyncModel, syncModel.faults())) {
                    faults.clear()
                            .latencyMs(latencyMs)
                            .quotaWindow(Duration.ofSeconds(window))
                            .requestsPerMinute(perWindow);
                }
                pipeline.bedrock().counters().reset();
                syncModel.counters().reset();

                String run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
                out.printf("async: %d POST /summarize at once...%n", reports);
                async = runAsync(pipeline, "SPIKE-A-" + run + "-", out);
                out.printf("async: drained in %.1f s%n", async.drainSeconds());
                out.printf("sync: %d requests at once...%n", reports);
                sync = runSync(pipeline, syncFunction, syncModel.counters(), "SPIKE-S-" + run + "-");
                syncContainers = syncFunction.containers();
                out.printf("sync: last answer after %.1f s%n", sync.drainSeconds());
            }

            BenchReport report = report(machine, window, perWindow, sizing, ideal, async, sync, syncContainers);
            if (!output.recording() && chart == null) {
                report.paragraph("(chart not written: run with --record, or --chart PATH)");
            } else {
                Path png = chart != null ? chart : output.charts().resolve("spike.png");
                double end = Math.max(async.drainSeconds(), sync.drainSeconds()) * 1.08 + 1;
                SpikeChart.write(
                        png,
                        "Spike: " + reports + " reports at once, model quota " + rpm + " requests/min, latency "
                                + latencyMs + " ms",
                        String.format(
                                Locale.ROOT,
                                "queue-driven pipeline (MaxConcurrency %d x WorkerParallelism %d) "
                                        + "vs. synchronous request -> model -> DynamoDB",
                                sizing.concurrency(),
                                sizing.parallelism()),
                        new SpikeChart.Curve("async pipeline: reports SUCCESS or FAILED", async.doneCurve()),
                        new SpikeChart.Curve("synchronous: reports answered 200 (stored)", sync.doneCurve()),
                        new SpikeChart.Curve("synchronous: client errors (429/5xx)", sync.errorCurve()),
                        rpm / 60.0,
                        reports,
                        end);
                report.image("spike: reports done over time", png, output.doc());
                out.println("Chart: " + png);
            }
            report.publish(output, out);
        }
        return 0;
    }

    static int wholeWindow(int rpm) {
        for (int w = 1; w <= 60; w++) {
            if ((long) rpm * w % 60 == 0) {
                return w;
            }
        }
        return 60;
    }

    private void warmUp(LocalPipeline pipeline, SyncFunction sync) throws Exception {
        int warmup = Math.min(WARMUP, reports);
        List<String> asyncBodies = bodies("WARMUP-A-", warmup);
        Burst.Result warm = Burst.run(asyncBodies, 8, body -> postSummarize(pipeline, body));
        waitTerminal(
                pipeline.dynamo(),
                pipeline.resources().tableName(),
                "WARMUP-A-",
                (int) warm.answers().stream().filter(Burst.Answer::ok).count(),
                Duration.ofSeconds(120));
        Burst.run(bodies("WARMUP-S-", warmup), 8, body -> sync.invoke(event(body)));
    }

    private Phase runAsync(LocalPipeline pipeline, String prefix, PrintStream out) throws Exception {
        DynamoDbClient dynamo = pipeline.dynamo();
        String table = pipeline.resources().tableName();
        AtomicBoolean clientsDone = new AtomicBoolean();
        AtomicReference<Burst.Result> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<String> bodies = bodies(prefix, reports);
        AtomicLong gate = new AtomicLong();
        Thread clientThread = new Thread(
                () -> {
                    try {
                        result.set(Burst.run(bodies, clients, body -> postSummarize(pipeline, body), gate::set));
                    } catch (Exception e) {
                        failure.set(e);
                    } finally {
                        clientsDone.set(true);
                    }
                },
                "bench-burst");
        clientThread.start();

        List<double[]> curve = new ArrayList<>();
        curve.add(new double[] {0, 0});
        Map<String, Double> firstTerminal = new HashMap<>();
        int[] lastCounts = new int[2];
        double drain = Double.NaN;
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        while (System.nanoTime() < deadline) {
            if (gate.get() == 0) {
                Thread.sleep(5);
                continue;
            }
            Map<String, String> statuses = statuses(dynamo, table, prefix);
            double t = (System.nanoTime() - gate.get()) / 1e9;
            int success = 0;
            int failed = 0;
            for (Map.Entry<String, String> e : statuses.entrySet()) {
                if (e.getValue().equals("SUCCESS") || e.getValue().equals("FAILED")) {
                    firstTerminal.putIfAbsent(e.getKey(), t);
                    if (e.getValue().equals("SUCCESS")) {
                        success++;
                    } else {
                        failed++;
                    }
                }
            }
            curve.add(new double[] {t, success + failed});
            lastCounts[0] = success;
            lastCounts[1] = failed;
            Burst.Result done = result.get();
            if (clientsDone.get()
                    && done != null
                    && success + failed
                            >= done.answers().stream().filter(Burst.Answer::ok).count()) {
                drain = t;
                break;
            }
            if (clientsDone.get() && done == null) {
                break;
            }
            Thread.sleep(sampleMs);
        }
        clientThread.join();
        if (failure.get() != null) {
            throw failure.get();
        }
        Burst.Result burst = result.get();
        int accepted = (int) burst.answers().stream().filter(Burst.Answer::ok).count();
        int lost = accepted - lastCounts[0] - lastCounts[1];
        CallCounters counters = pipeline.bedrock().counters();
        List<Double> timeToResult = new ArrayList<>(firstTerminal.values());
        return new Phase(
                "async",
                burst.answers(),
                Double.isNaN(drain) ? Double.NaN : drain,
                lastCounts[0],
                lastCounts[1],
                lost,
                counters.totalCalls(),
                counters.successfulCalls(),
                counters.throttledCalls(),
                curve,
                List.of(),
                timeToResult,
                errorsByStatus(burst.answers()));
    }

    private Phase runSync(LocalPipeline pipeline, SyncFunction function, CallCounters counters, String prefix)
            throws Exception {
        Burst.Result burst = Burst.run(bodies(prefix, reports), clients, body -> function.invoke(event(body)));
        List<Burst.Answer> answers = new ArrayList<>();
        for (Burst.Answer a : burst.answers()) {
            // API Gateway gives up on an integration after 29 s: that client saw a 504 whatever the function did later.
            answers.add(a.latencyMs() > 29_000 ? new Burst.Answer(504, a.latencyMs(), a.atSeconds(), null, null) : a);
        }
        List<Burst.Answer> byTime = answers.stream()
                .sorted((a, b) -> Double.compare(a.atSeconds(), b.atSeconds()))
                .toList();
        List<double[]> done = new ArrayList<>();
        List<double[]> errors = new ArrayList<>();
        done.add(new double[] {0, 0});
        errors.add(new double[] {0, 0});
        int ok = 0;
        int failedCount = 0;
        for (Burst.Answer a : byTime) {
            if (a.ok()) {
                done.add(new double[] {a.atSeconds(), ok});
                done.add(new double[] {a.atSeconds(), ++ok});
            } else {
                errors.add(new double[] {a.atSeconds(), failedCount});
                errors.add(new double[] {a.atSeconds(), ++failedCount});
            }
        }
        double last = byTime.isEmpty() ? 0 : byTime.get(byTime.size() - 1).atSeconds();
        done.add(new double[] {last, ok});
        errors.add(new double[] {last, failedCount});
        Map<String, String> stored =
                statuses(pipeline.dynamo(), pipeline.resources().tableName(), prefix);
        int storedOk = (int) answers.stream()
                .filter(a -> a.ok() && "SUCCESS".equals(stored.get(a.reportId())))
                .count();
        List<Double> timeToResult = answers.stream()
                .filter(Burst.Answer::ok)
                .map(a -> a.atSeconds())
                .toList();
        return new Phase(
                "sync",
                answers,
                last,
                storedOk,
                0,
                ok - storedOk,
                counters.totalCalls(),
                counters.successfulCalls(),
                counters.throttledCalls(),
                done,
                errors,
                timeToResult,
                errorsByStatus(answers));
    }

    private static Map<Integer, Integer> errorsByStatus(List<Burst.Answer> answers) {
        Map<Integer, Integer> byStatus = new TreeMap<>();
        answers.stream().filter(a -> !a.ok()).forEach(a -> byStatus.merge(a.status(), 1, Integer::sum));
        return byStatus;
    }

    private BenchReport report(
            Machine machine,
            int window,
            int perWindow,
            Sizing sizing,
            double ideal,
            Phase async,
            Phase sync,
            int containers) {
        String command = String.format(
                Locale.ROOT,
                "./medsum bench spike --reports %d --rpm %d --latency-ms %d --quota-window-s %d%s",
                reports,
                rpm,
                latencyMs,
                window,
                concurrency != null || parallelism != null
                        ? " --concurrency " + sizing.concurrency() + " --parallelism " + sizing.parallelism()
                        : "");
        BenchReport report = new BenchReport("spike", command, machine);
        report.paragraph(String.format(
                Locale.ROOT,
                "N = %d reports arrive at once; the local model allows Q = %d "
                        + "requests/min as a sliding window of %d calls per %d s, "
                        + "latency L = %d ms. Ideal drain N/Q = %.1f s. Worker "
                        + "sizing: %s (template defaults would give %s). "
                        + "Both designs ran in this one run against their own fresh copy of the same model settings, "
                        + "async first; the synchronous function had %d "
                        + "warm containers (no cold starts: its best case).",
                reports,
                rpm,
                perWindow,
                window,
                latencyMs,
                ideal,
                sizing.describe(),
                Sizing.templateDefault(rpm, latencyMs),
                containers));
        Table table = new Table("", "async pipeline (queue)", "synchronous (original design)");
        table.row("client-visible errors", errors(async), errors(sync));
        table.row(
                "client latency p50 / p95",
                Stats.ms(async.latency(50)) + " / " + Stats.ms(async.latency(95)),
                Stats.ms(sync.latency(50)) + " / " + Stats.ms(sync.latency(95)));
        table.row("accepted", async.accepted() + " (202)", sync.accepted() + " (200)");
        table.row(
                "drain time (ideal N/Q " + Stats.seconds(ideal) + ")",
                Stats.seconds(async.drainSeconds()) + " (" + Stats.fixed(async.drainSeconds() / ideal, 2) + " x N/Q)",
                Stats.seconds(sync.drainSeconds()) + " (last answer; " + sync.succeeded() + " of " + reports
                        + " done)");
        table.row(
                "time to stored summary p50 / p95",
                Stats.seconds(Stats.percentile(async.timeToResultSeconds(), 50)) + " / "
                        + Stats.seconds(Stats.percentile(async.timeToResultSeconds(), 95)),
                Stats.seconds(Stats.percentile(sync.timeToResultSeconds(), 50)) + " / "
                        + Stats.seconds(Stats.percentile(sync.timeToResultSeconds(), 95)));
        table.row(
                "first report done / steady rate (25% -> 75% done)",
                firstDone(async) + " / " + steadyRate(async), firstDone(sync) + " / " + steadyRate(sync));
        table.row("reports SUCCESS / FAILED", async.succeeded() + " / " + async.failed(), sync.succeeded() + " / -");
        table.row(
                "model calls (successful)",
                async.modelCalls() + " (" + async.modelSuccesses() + ")",
                sync.modelCalls() + " (" + sync.modelSuccesses() + ")");
        table.row(
                "throttled calls (% of model calls)",
                async.throttled() + " (" + Stats.pct(async.throttled(), async.modelCalls()) + ")",
                sync.throttled() + " (" + Stats.pct(sync.throttled(), sync.modelCalls()) + ")");
        table.row("model-quota utilization", utilization(async), utilization(sync));
        table.row("lost reports (accepted, never terminal)", async.lost(), sync.lost());
        report.table(null, table);

        List<String> verdicts = new ArrayList<>();
        verdicts.add(verdict("0 client errors beyond validation", async.errors() == 0, async.errors() + " errors"));
        verdicts.add(verdict("0 lost", async.lost() == 0, async.lost() + " lost"));
        verdicts.add(verdict(
                "drain <= 1.1 x N/Q (" + Stats.seconds(1.1 * ideal) + ")",
                async.drainSeconds() <= 1.1 * ideal,
                Stats.seconds(async.drainSeconds())));
        verdicts.add(verdict(
                "throttled <= 10% of model calls",
                async.throttled() <= 0.10 * async.modelCalls(), Stats.pct(async.throttled(), async.modelCalls())));
        report.paragraph("Targets for the async pipeline (figures, not assertions):");
        report.bullets(verdicts);
        report.paragraph(
                "Utilization = successful model calls / (Q x drain time). Client latency is the API call as the client "
                        + "sees it (202 for the pipeline, the whole model round "
                        + "trip for the synchronous design); handlers were invoked "
                        + "in-process as API Gateway + Lambda would (the stage's "
                        + "50 rps / burst 100 throttle is not simulated for either "
                        + "design). Time to stored summary: from the burst until "
                        + "the report's summary is in DynamoDB (async: first table "
                        + "read that shows it terminal, every " + sampleMs + " ms).");
        return report;
    }

    private String errors(Phase phase) {
        String detail = phase.errorsByStatus().isEmpty()
                ? ""
                : " " + phase.errorsByStatus().toString().replace("=", ": ");
        return phase.errors() + " (" + Stats.pct(phase.errors(), phase.answers().size()) + ")" + detail;
    }

    private static String firstDone(Phase phase) {
        return phase.doneCurve().stream()
                .filter(point -> point[1] >= 1)
                .findFirst()
                .map(point -> Stats.seconds(point[0]))
                .orElse("-");
    }

    /**
     * Reports per second between a quarter and three quarters of the burst done: the pipeline's pace once under way.
     */
    private String steadyRate(Phase phase) {
        double t25 = timeWhenDone(phase, reports * 0.25);
        double t75 = timeWhenDone(phase, reports * 0.75);
        return Double.isNaN(t25) || Double.isNaN(t75) || t75 <= t25
                ? "-"
                : Stats.fixed(reports * 0.5 / (t75 - t25), 1) + "/s (quota " + Stats.fixed(rpm / 60.0, 1) + "/s)";
    }

    private static double timeWhenDone(Phase phase, double count) {
        return phase.doneCurve().stream()
                .filter(point -> point[1] >= count)
                .findFirst()
                .map(point -> point[0])
                .orElse(Double.NaN);
    }

    private String utilization(Phase phase) {
        double allowed = rpm / 60.0 * phase.drainSeconds();
        return Double.isNaN(allowed) || allowed <= 0
                ? "-"
                : Stats.pct(Math.min(phase.modelSuccesses(), allowed), allowed);
    }

    private static String verdict(String target, boolean met, String figure) {
        return target + ": " + (met ? "met" : "**missed**") + " (" + figure + ")";
    }

    public static List<String> bodies(String patientPrefix, int count) {
        List<String> bodies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("patientId", patientPrefix + (i % 50));
            report.put(
                    "text",
                    "HISTORY: Visit " + i + ". A " + (30 + i % 50)
                            + "-year-old patient with two days of productive cough and fever. "
                            + "EXAM: Crackles at the right lung base. ASSESSMENT: Community-acquired pneumonia, case "
                            + i + ". "
                            + "PLAN: Amoxicillin 1 g three times daily for five days; review in " + (1 + i % 7)
                            + " days.");
            report.put("sourceSystem", "SpikeBench");
            bodies.add(Json.write(report));
        }
        return bodies;
    }

    public static com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent postSummarize(
            LocalPipeline pipeline, String body) {
        return pipeline.invoke(
                "POST",
                "/summarize",
                Map.of(),
                Map.of("Content-Type", "application/json"),
                body,
                false,
                "bench-client");
    }

    private static APIGatewayProxyRequestEvent event(String body) {
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST")
                .withPath("/summarize")
                .withResource("/summarize")
                .withHeaders(Map.of("Content-Type", "application/json"))
                .withBody(body);
    }

    /** reportId -> ProcessingStatus of every report whose patient id starts with the prefix. */
    public static Map<String, String> statuses(DynamoDbClient dynamo, String table, String prefix) {
        Map<String, String> statuses = new HashMap<>();
        dynamo.scanPaginator(b -> b.tableName(table)
                        .filterExpression("begins_with(PatientID, :p)")
                        .projectionExpression("ReportID, ProcessingStatus")
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(prefix))))
                .items()
                .forEach(item -> statuses.put(
                        item.get("ReportID").s(), item.get("ProcessingStatus").s()));
        return statuses;
    }

    static void waitTerminal(DynamoDbClient dynamo, String table, String prefix, int expected, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long terminal = statuses(dynamo, table, prefix).values().stream()
                    .filter(s -> s.equals("SUCCESS") || s.equals("FAILED"))
                    .count();
            if (terminal >= expected) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Warm-up reports did not finish within " + timeout.toSeconds() + " s");
    }
}
