package io.medsum.bench.requests;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.bench.BenchOutput;
import io.medsum.bench.BenchReport;
import io.medsum.bench.CapturedOutput;
import io.medsum.bench.Machine;
import io.medsum.bench.Stats;
import io.medsum.bench.Table;
import io.medsum.common.json.Json;
import io.medsum.local.LocalPipeline;
import io.medsum.local.SdkRequestCounter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@code ./medsum bench requests}: AWS requests per report, counted at the SDK, and the cost per 1,000 reports. */
@Command(
        name = "requests",
        mixinStandardHelpOptions = true,
        description = {
            "Counts the AWS requests one report costs (DynamoDB calls "
                    + "and read/write units, SQS requests, model calls), at the "
                    + "SDK with an execution interceptor, for reports sent "
                    + "one by one (POST /summarize) and 100 at a time "
                    + "(POST /reports/batch).",
            "Then prices 1,000 reports from public us-east-1 list prices."
        })
public final class RequestsBench implements Callable<Integer> {
    private static final String ESM = "event source mapping (Lambda service)";

    /** On the functions' and the event source mapping's clients only: the benchmark's own reads are not counted. */
    private final SdkRequestCounter counter = new SdkRequestCounter();

    @Mixin
    BenchOutput output;

    @Option(
            names = "--reports",
            defaultValue = "100",
            description = "Reports per scenario (default: ${DEFAULT-VALUE}).")
    int reports;

    @Option(
            names = "--corpus",
            defaultValue = "../shared/corpus/mtsamples-reports.jsonl",
            description = "Report texts from this JSONL corpus when present, "
                    + "else synthetic ones (default: ${DEFAULT-VALUE}).")
    Path corpus;

    @Option(
            names = "--model-latency-ms",
            defaultValue = "2000",
            description =
                    "Assumed model latency, which the worker's billed duration waits on (default: ${DEFAULT-VALUE}).")
    long modelLatencyMs;

    @Option(
            names = "--status-polls",
            defaultValue = "1",
            description = "GET /reports/{p}/{r} per report (default: ${DEFAULT-VALUE}).")
    int statusPolls;

    /** One function's share of a scenario. */
    record Phase(
            String function, Map<String, SdkRequestCounter.Tally> tallies, List<Double> durationsMs, long logBytes) {}

    record Scenario(
            String name, int reports, int apiRequests, List<Phase> phases, long inputTokens, long outputTokens) {
        Phase phase(String function) {
            return phases.stream()
                    .filter(p -> p.function().equals(function))
                    .findFirst()
                    .orElseThrow();
        }
    }

    @Override
    public Integer call() throws Exception {
        Machine machine = Machine.current();
        List<String> texts = texts();
        boolean fromCorpus = texts != null;
        if (texts == null) {
            texts = new ArrayList<>();
            for (int i = 0; i < reports; i++) {
                texts.add("HISTORY: Visit " + i
                        + ". A patient with two days of productive "
                        + "cough and fever. EXAM: Crackles at the right "
                        + "lung base. ASSESSMENT: Community-acquired pneumonia. "
                        + "PLAN: Amoxicillin 1 g three times daily for five days.");
            }
        }
        Scenario single;
        Scenario batch;
        Map<String, Integer> memory = new LinkedHashMap<>();
        try (CapturedOutput captured = CapturedOutput.start(output.logs())) {
            PrintStream out = captured.console();
            try (LocalPipeline pipeline =
                    LocalPipeline.start(LocalPipeline.Options.inMemory().countingRequests(counter))) {
                for (String f : List.of(LocalPipeline.INGEST, LocalPipeline.WORKER, LocalPipeline.STATUS)) {
                    memory.put(f, pipeline.template().function(f).memorySizeMb());
                }
                pipeline.bedrock().faults().clear();
                run(
                        pipeline,
                        captured,
                        "WARMUP-",
                        texts.subList(0, Math.min(10, texts.size())),
                        false); // JIT, connections; not reported
                pipeline.bedrock().faults().latencyMs(modelLatencyMs);
                out.printf("requests: %d reports via POST /summarize...%n", texts.size());
                single = run(pipeline, captured, "REQ-ONE-", texts, false);
                out.printf("requests: %d reports via POST /reports/batch...%n", texts.size());
                batch = run(pipeline, captured, "REQ-BATCH-", texts, true);
            }
            BenchReport report = report(machine, fromCorpus, single, batch, memory);
            report.publish(output, out);
        }
        return 0;
    }

    private List<String> texts() throws Exception {
        Path file = corpus;
        if (!Files.isRegularFile(file)) {
            file = BenchOutput.projectRoot().resolve(corpus).normalize();
        }
        if (!Files.isRegularFile(file)) {
            return null;
        }
        List<String> texts = new ArrayList<>();
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            for (String line :
                    (Iterable<String>) lines.filter(l -> !l.isBlank()).limit(reports)::iterator) {
                texts.add(Json.parse(line).path("text").asText());
            }
        }
        return texts;
    }

    private Scenario run(
            LocalPipeline pipeline, CapturedOutput captured, String prefix, List<String> texts, boolean asBatch)
            throws Exception {
        List<Phase> phases = new ArrayList<>();
        List<String[]> keys = new ArrayList<>();
        int apiRequests = 0;

        // Ingest: the API calls, timed as the function's billed duration.
        begin(captured);
        List<Double> ingest = new ArrayList<>();
        if (asBatch) {
            for (int from = 0; from < texts.size(); from += 100) {
                List<Map<String, Object>> items = new ArrayList<>();
                for (int i = from; i < Math.min(texts.size(), from + 100); i++) {
                    items.add(Map.of(
                            "patientId",
                            prefix + (i % 10),
                            "text",
                            texts.get(i),
                            "sourceSystem",
                            "RequestsBench",
                            "idempotencyKey",
                            prefix + "key-" + i));
                }
                long t = System.nanoTime();
                APIGatewayProxyResponseEvent response = pipeline.invoke(
                        "POST",
                        "/reports/batch",
                        Map.of(),
                        Map.of("Content-Type", "application/json"),
                        Json.write(Map.of("reports", items)),
                        false,
                        "bench-client");
                ingest.add((System.nanoTime() - t) / 1e6);
                apiRequests++;
                for (JsonNode result : parse(response, 202).get("results")) {
                    if (result.has("reportId")) {
                        keys.add(new String[] {
                            result.get("patientId").asText(),
                            result.get("reportId").asText()
                        });
                    }
                }
            }
        } else {
            for (int i = 0; i < texts.size(); i++) {
                String body = Json.write(
                        Map.of("patientId", prefix + (i % 10), "text", texts.get(i), "sourceSystem", "RequestsBench"));
                long t = System.nanoTime();
                APIGatewayProxyResponseEvent response = pipeline.invoke(
                        "POST",
                        "/summarize",
                        Map.of(),
                        Map.of("Content-Type", "application/json", "Idempotency-Key", prefix + "key-" + i),
                        body,
                        false,
                        "bench-client");
                ingest.add((System.nanoTime() - t) / 1e6);
                apiRequests++;
                JsonNode json = parse(response, 202);
                keys.add(new String[] {
                    json.get("patientId").asText(), json.get("reportId").asText()
                });
            }
        }
        phases.add(end(LocalPipeline.INGEST, ingest, captured));

        // Worker: batches delivered one at a time by the event source mapping; each delivery timed as one invocation.
        begin(captured);
        List<Double> worker = new ArrayList<>();
        String queue = pipeline.resources().queueUrl();
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (System.nanoTime() < deadline) {
            long t = System.nanoTime();
            int delivered = pipeline.deliverOnce();
            if (delivered > 0) {
                worker.add((System.nanoTime() - t) / 1e6);
            } else if (pipeline.queueDepth(queue) == 0) {
                break;
            } else {
                Thread.sleep(50);
            }
        }
        phases.add(end(LocalPipeline.WORKER, worker, captured));

        // Status: the client's polls.
        begin(captured);
        List<Double> status = new ArrayList<>();
        for (int poll = 0; poll < statusPolls; poll++) {
            for (String[] key : keys) {
                long t = System.nanoTime();
                APIGatewayProxyResponseEvent response = pipeline.invoke(
                        "GET", "/reports/" + key[0] + "/" + key[1], Map.of(), Map.of(), null, false, "bench-client");
                status.add((System.nanoTime() - t) / 1e6);
                apiRequests++;
                JsonNode view = parse(response, 200);
                if (!view.path("status").asText().equals("SUCCESS")) {
                    throw new IllegalStateException("Report not SUCCESS after the drain: "
                            + view.path("status").asText());
                }
            }
        }
        phases.add(end(LocalPipeline.STATUS, status, captured));

        long[] tokens = new long[2];
        pipeline.dynamo()
                .scanPaginator(b -> b.tableName(pipeline.resources().tableName())
                        .filterExpression("begins_with(PatientID, :p)")
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(prefix)))
                        .projectionExpression("InputTokens, OutputTokens"))
                .items()
                .forEach(item -> {
                    tokens[0] += item.containsKey("InputTokens")
                            ? Long.parseLong(item.get("InputTokens").n())
                            : 0;
                    tokens[1] += item.containsKey("OutputTokens")
                            ? Long.parseLong(item.get("OutputTokens").n())
                            : 0;
                });
        return new Scenario(
                asBatch ? "POST /reports/batch" : "POST /summarize",
                keys.size(),
                apiRequests,
                phases,
                tokens[0],
                tokens[1]);
    }

    private void begin(CapturedOutput captured) {
        System.out.flush();
        counter.reset();
        captured.reset();
    }

    private Phase end(String function, List<Double> durations, CapturedOutput captured) {
        System.out.flush();
        return new Phase(function, counter.tallies(), durations, captured.bytes());
    }

    private static JsonNode parse(APIGatewayProxyResponseEvent response, int expected)
            throws Json.InvalidJsonException {
        if (response.getStatusCode() != expected) {
            throw new IllegalStateException(
                    "Expected HTTP " + expected + ", got " + response.getStatusCode() + ": " + response.getBody());
        }
        return Json.parse(response.getBody());
    }

    private static String caller(String function, String request) {
        if (request.startsWith("Sqs ReceiveMessage") || request.startsWith("Sqs DeleteMessage")) {
            return ESM;
        }
        return switch (function) {
            case LocalPipeline.INGEST -> "ingest function";
            case LocalPipeline.WORKER -> "worker function";
            default -> "status function";
        };
    }

    private BenchReport report(
            Machine machine, boolean fromCorpus, Scenario single, Scenario batch, Map<String, Integer> memory) {
        BenchReport report = new BenchReport(
                "requests",
                String.format(
                        Locale.ROOT,
                        "./medsum bench requests --reports %d --model-latency-ms %d --status-polls %d",
                        reports,
                        modelLatencyMs,
                        statusPolls),
                machine);
        report.paragraph(String.format(
                Locale.ROOT,
                "%d reports (%s) per scenario through an in-memory local "
                        + "stack with the template's settings, every AWS SDK call of "
                        + "the functions and of the local event source mapping "
                        + "counted by an ExecutionInterceptor (DynamoDB item calls "
                        + "asked for ReturnConsumedCapacity INDEXES; dynalite computes "
                        + "the units as DynamoDB does). Each report carries an "
                        + "Idempotency-Key, as ./medsum upload sends. The worker "
                        + "received batches of 10 one after another; the local "
                        + "model answered after %d ms (an assumption for the default model, "
                        + "Amazon Nova 2 Lite, which the worker's billed time waits on). "
                        + "%d status poll(s) per report.",
                single.reports(),
                fromCorpus ? "the first of the MTSamples corpus" : "synthetic texts: corpus not found",
                modelLatencyMs,
                statusPolls));

        Table requests = new Table(
                "caller",
                "request",
                single.name() + ": calls",
                "per report",
                "DynamoDB units / report",
                batch.name() + ": calls",
                "per report",
                "DynamoDB units / report");
        Set<String> rows = new LinkedHashSet<>();
        for (Scenario s : List.of(single, batch)) {
            for (Phase p : s.phases()) {
                p.tallies().keySet().forEach(k -> rows.add(p.function() + "|" + k));
            }
        }
        for (String row : rows) {
            String function = row.substring(0, row.indexOf('|'));
            String request = row.substring(row.indexOf('|') + 1);
            List<Object> cells = new ArrayList<>(List.of(caller(function, request), request));
            for (Scenario s : List.of(single, batch)) {
                SdkRequestCounter.Tally t = s.phase(function).tallies().get(request);
                if (t == null) {
                    cells.addAll(List.of("0", "0", ""));
                    continue;
                }
                String calls = t.calls()
                        + (t.attempts() != t.calls() ? " (" + t.attempts() + " attempts)" : "")
                        + (t.failures() > 0 ? ", " + t.failures() + " failed" : "");
                String units = request.startsWith("DynamoDb")
                        ? Stats.fixed(t.capacity() / s.reports(), 2)
                                + (SdkRequestCounter.isRead(request) ? " RRU" : " WRU")
                                + (t.indexCapacity() > 0
                                        ? " (index " + Stats.fixed(t.indexCapacity() / s.reports(), 2) + ")"
                                        : "")
                                + (t.computedIndexWrites() > 0
                                        ? " + " + Stats.fixed((double) t.computedIndexWrites() / s.reports(), 2)
                                                + " index*"
                                        : "")
                        : "";
                cells.addAll(List.of(calls, Stats.fixed((double) t.calls() / s.reports(), 2), units));
            }
            requests.row(cells.toArray());
        }
        report.table(
                "AWS requests (counted at the SDK; retries would show "
                        + "as extra attempts). Units are DynamoDB's consumed "
                        + "capacity as reported; * index units computed (1 WRU for "
                        + "each write that puts an item into or takes it out of the "
                        + "sparse KEYS_ONLY AwaitingEnqueue index), because dynalite reports the table's units only:",
                requests);

        Table lambda = new Table(
                "function",
                single.name() + ": invocations",
                "median / total billed ms",
                "log bytes",
                batch.name() + ": invocations",
                "median / total billed ms",
                "log bytes");
        for (String f : List.of(LocalPipeline.INGEST, LocalPipeline.WORKER, LocalPipeline.STATUS)) {
            List<Object> cells = new ArrayList<>(List.of(f + " (" + memory.get(f) + " MB)"));
            for (Scenario s : List.of(single, batch)) {
                Phase p = s.phase(f);
                cells.addAll(List.of(
                        p.durationsMs().size(),
                        Stats.fixed(Stats.median(p.durationsMs()), 0) + " / " + Stats.fixed(billedMs(p), 0),
                        p.logBytes()));
            }
            lambda.row(cells.toArray());
        }
        report.table(
                "Lambda invocations, durations as measured here (ingest and status against local "
                        + "stand-ins; the worker's include the assumed model latency), and what they logged:",
                lambda);

        Table cost = new Table("cost per 1,000 reports (USD)", "price used", single.name(), batch.name());
        double[] totals = new double[2];
        addCost(
                cost,
                totals,
                "API Gateway REST requests",
                "$3.50 / million",
                single,
                batch,
                s -> s.apiRequests() * Prices.API_GATEWAY_REST_REQUEST);
        addCost(
                cost,
                totals,
                "Lambda invocations",
                "$0.20 / million",
                single,
                batch,
                s -> s.phases().stream().mapToInt(p -> p.durationsMs().size()).sum() * Prices.LAMBDA_REQUEST);
        addCost(
                cost,
                totals,
                "Lambda duration (GB-s, arm64)",
                "$0.0000133334 / GB-s",
                single,
                batch,
                s -> s.phases().stream()
                                .mapToDouble(p -> billedMs(p) / 1000.0 * memory.get(p.function()) / 1024.0)
                                .sum()
                        * Prices.LAMBDA_GB_SECOND);
        addCost(
                cost,
                totals,
                "DynamoDB on-demand writes",
                "$0.625 / million WRU",
                single,
                batch,
                s -> units(s, false) * Prices.DYNAMODB_WRITE_UNIT);
        addCost(
                cost,
                totals,
                "DynamoDB on-demand reads",
                "$0.125 / million RRU",
                single,
                batch,
                s -> units(s, true) * Prices.DYNAMODB_READ_UNIT);
        addCost(
                cost,
                totals,
                "SQS requests (functions + event source mapping)",
                "$0.40 / million",
                single,
                batch,
                s -> sqsRequests(s) * Prices.SQS_REQUEST);
        addCost(
                cost,
                totals,
                "Bedrock " + Prices.BEDROCK_MODEL + " input tokens",
                perThousand(Prices.BEDROCK_INPUT_1K),
                single,
                batch,
                s -> s.inputTokens() / 1000.0 * Prices.BEDROCK_INPUT_1K);
        addCost(
                cost,
                totals,
                "Bedrock " + Prices.BEDROCK_MODEL + " output tokens",
                perThousand(Prices.BEDROCK_OUTPUT_1K),
                single,
                batch,
                s -> s.outputTokens() / 1000.0 * Prices.BEDROCK_OUTPUT_1K);
        addCost(
                cost,
                totals,
                "CloudWatch Logs ingestion (function logs, EMF, ~350 B platform lines per invocation)",
                "$0.50 / GB",
                single,
                batch,
                s -> s.phases().stream()
                                .mapToDouble(p -> p.logBytes()
                                        + (double) p.durationsMs().size() * Prices.PLATFORM_LOG_BYTES_PER_INVOCATION)
                                .sum()
                        / 1e9
                        * Prices.LOGS_INGESTED_GB);
        cost.row(
                "KMS (table and queues encrypted with the DataKey)",
                "$0.03 / 10K requests, $1 / key-month",
                "~0",
                "~0");
        cost.row("**total**", "", "**$" + Stats.fixed(totals[0], 4) + "**", "**$" + Stats.fixed(totals[1], 4) + "**");
        report.table(
                "Cost per 1,000 reports from public list prices, region "
                        + "us-east-1, on demand: the model's read 2026-12-02 "
                        + "(sources in Prices.java), the other services' as of the "
                        + "author's knowledge (late 2024 / 2025); no free tier; "
                        + "check the AWS pricing pages before quoting:",
                cost);

        List<String> notes = new ArrayList<>();
        notes.add(String.format(
                Locale.ROOT,
                "Tokens per report (the local model's estimate, chars / 4; the prompt's instructions included): "
                        + "%d in, %d out. Bedrock is %.0f%% of the total for one by one, %.0f%% for batches.",
                single.inputTokens() / single.reports(),
                single.outputTokens() / single.reports(),
                100 * modelCost(single) / single.reports() * 1000 / totals[0],
                100 * modelCost(batch) / batch.reports() * 1000 / totals[1]));
        notes.add(String.format(
                Locale.ROOT,
                "The same tokens through Bedrock batch inference (asynchronous jobs, which the pipeline does not "
                        + "use; priced 50%% below on demand on the AWS pricing page, "
                        + "not verified for this model): $%s per 1,000 reports "
                        + "instead of $%s.",
                Stats.fixed(batchModelCost(single) / single.reports() * 1000, 4),
                Stats.fixed(modelCost(single) / single.reports() * 1000, 4)));
        notes.add("ReceiveMessage and DeleteMessageBatch are made by the Lambda "
                + "event source mapping, not by our code; AWS bills them to the "
                + "account as SQS requests. In AWS the mapping also long-polls "
                + "while the queue is idle (a few requests a minute per "
                + "poller, whatever the volume), which this per-report count "
                + "leaves out; ChangeMessageVisibilityBatch (retries) and "
                + "SendMessage to the DLQ appear only when reports fail.");
        notes.add("KMS: DynamoDB and SQS cache data keys (SQS for its 300 s "
                + "data key reuse period), so KMS requests grow with time and "
                + "callers, not reports: roughly tens of thousands "
                + "a month, cents, plus $1 a month for the key.");
        notes.add("Not per report: DynamoDB storage ($0.25 / GB-month; a report "
                + "with its summary is a few KB, kept 90 days), PITR backups "
                + "($0.20 / GB-month), CloudWatch custom metrics from EMF "
                + "($0.30 / metric-month), the reconciler's schedule (8,640 "
                + "invocations and Query calls a month).");
        report.bullets(notes);
        return report;
    }

    private static double modelCost(Scenario s) {
        return s.inputTokens() / 1000.0 * Prices.BEDROCK_INPUT_1K
                + s.outputTokens() / 1000.0 * Prices.BEDROCK_OUTPUT_1K;
    }

    private static double batchModelCost(Scenario s) {
        return s.inputTokens() / 1000.0 * Prices.BEDROCK_BATCH_INPUT_1K
                + s.outputTokens() / 1000.0 * Prices.BEDROCK_BATCH_OUTPUT_1K;
    }

    /** A per-1,000-token price as the table shows it, e.g. "$0.00033 / 1K tokens". */
    private static String perThousand(double price) {
        return "$" + java.math.BigDecimal.valueOf(price).stripTrailingZeros().toPlainString() + " / 1K tokens";
    }

    /** Lambda bills each invocation rounded up to the millisecond. */
    private static double billedMs(Phase phase) {
        return phase.durationsMs().stream().mapToDouble(Math::ceil).sum();
    }

    private static double units(Scenario s, boolean reads) {
        double total = 0;
        for (Phase p : s.phases()) {
            for (Map.Entry<String, SdkRequestCounter.Tally> e : p.tallies().entrySet()) {
                if (e.getKey().startsWith("DynamoDb") && SdkRequestCounter.isRead(e.getKey()) == reads) {
                    SdkRequestCounter.Tally t = e.getValue();
                    // A failed conditional write reports no capacity but still costs at least one unit.
                    total += t.capacity()
                            + (reads ? 0 : Math.max(0, t.calls() - t.callsWithCapacity()) + t.computedIndexWrites());
                }
            }
        }
        return total;
    }

    private static long sqsRequests(Scenario s) {
        return s.phases().stream()
                .flatMap(p -> p.tallies().entrySet().stream())
                .filter(e -> e.getKey().startsWith("Sqs"))
                .mapToLong(e -> e.getValue().attempts())
                .sum();
    }

    private static void addCost(
            Table table,
            double[] totals,
            String item,
            String price,
            Scenario single,
            Scenario batch,
            ToDoubleFunction<Scenario> cost) {
        double a = cost.applyAsDouble(single) / single.reports() * 1000;
        double b = cost.applyAsDouble(batch) / batch.reports() * 1000;
        totals[0] += a;
        totals[1] += b;
        table.row(item, price, "$" + Stats.fixed(a, 4), "$" + Stats.fixed(b, 4));
    }
}
