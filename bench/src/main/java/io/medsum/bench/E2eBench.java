package io.medsum.bench;

import io.medsum.cli.api.ApiAuth;
import io.medsum.cli.api.MedsumApi;
import io.medsum.cli.api.Target;
import io.medsum.cli.upload.InputRecord;
import io.medsum.cli.upload.Progress;
import io.medsum.cli.upload.ReportInputs;
import io.medsum.cli.upload.UploadManifest;
import io.medsum.cli.upload.Uploader;
import io.medsum.local.LocalPipeline;
import io.medsum.local.LocalStack;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@code ./medsum bench e2e}: the sample corpus uploaded through the API, followed to SUCCESS. */
@Command(
        name = "e2e",
        mixinStandardHelpOptions = true,
        description = {
            "Uploads the corpus (default ../shared/corpus/mtsamples-reports.jsonl, "
                    + "4,966 reports) through the HTTP API of an "
                    + "in-memory local stack with the extractive model and "
                    + "the template's settings, the way ./medsum upload does "
                    + "(POST /reports/batch, 100 a request, several in flight).",
            "Follows every report to SUCCESS or FAILED and reports reports/s end to end and submit -> SUCCESS p50/p95."
        })
public final class E2eBench implements Callable<Integer> {
    static final String DEFAULT_CORPUS = "../shared/corpus/mtsamples-reports.jsonl";

    @Mixin
    BenchOutput output;

    @Option(
            names = "--corpus",
            defaultValue = DEFAULT_CORPUS,
            description = "JSONL corpus (default: ${DEFAULT-VALUE}, from the current folder or the checkout).")
    Path corpus;

    @Option(names = "--limit", defaultValue = "0", description = "Only the first N reports (default: all).")
    int limit;

    @Option(
            names = "--concurrency",
            defaultValue = "4",
            description = "Batch requests in flight, as ./medsum upload (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(
            names = "--timeout-minutes",
            defaultValue = "30",
            description = "Give up waiting after this long (default: ${DEFAULT-VALUE}).")
    long timeoutMinutes;

    /** The corpus as given, else relative to the checkout (the launcher may run from anywhere). */
    static Path locate(Path corpus) {
        if (Files.isRegularFile(corpus)) {
            return corpus;
        }
        Path fromRoot = BenchOutput.projectRoot().resolve(corpus).normalize();
        if (!corpus.isAbsolute() && Files.isRegularFile(fromRoot)) {
            return fromRoot;
        }
        throw new IllegalArgumentException(
                "Corpus not found: " + corpus + (corpus.isAbsolute() ? "" : " (nor " + fromRoot + ")")
                        + ". Pass --corpus PATH to a JSONL file of {patientId, text, sourceSystem?, metadata?} lines");
    }

    @Override
    public Integer call() throws Exception {
        Path source = locate(corpus);
        Machine machine = Machine.current();
        Path work = Files.createTempDirectory("medsum-e2e");
        try (CapturedOutput captured = CapturedOutput.start(output.logs())) {
            PrintStream out = captured.console();
            // A private copy: the upload manifest is written next to its input, and a rerun must start afresh.
            List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank())
                    .toList();
            if (limit > 0 && lines.size() > limit) {
                lines = lines.subList(0, limit);
            }
            Path input = work.resolve("corpus.jsonl");
            Files.write(input, lines, StandardCharsets.UTF_8);
            long bytes = Files.size(input);

            try (LocalStack stack = LocalStack.start(
                    new LocalStack.Config(work.resolve("state"), 0, true, LocalPipeline.Options.inMemory()))) {
                LocalStack.Info info = stack.info();
                LocalPipeline pipeline = stack.pipeline();
                var mapping = pipeline.template().workerEventSource();
                out.printf(
                        "e2e: %d reports (%.1f MB) from %s through %s; worker "
                                + "MaxConcurrency %s x WorkerParallelism %s, batch %d%n",
                        lines.size(),
                        bytes / 1e6,
                        source,
                        info.apiUrl(),
                        mapping.maximumConcurrency(),
                        pipeline.environment(LocalPipeline.WORKER).get("WORKER_PARALLELISM"),
                        mapping.batchSize());
                List<InputRecord> inputs = ReportInputs.read(input, null);
                Uploader.Result uploaded;
                long started = System.nanoTime();
                try (Target target = new Target(
                                URI.create(info.apiUrl()),
                                ApiAuth.apiKey(info.apiKey()),
                                info.queueUrl(),
                                info.dlqUrl(),
                                null,
                                null,
                                null);
                        UploadManifest manifest = UploadManifest.open(input)) {
                    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
                    uploaded = new Uploader(new MedsumApi(target), manifest, Math.max(1, concurrency), quiet)
                            .upload(inputs, new Progress(quiet, false, inputs.size()), () -> false);
                }
                double uploadSeconds = (System.nanoTime() - started) / 1e9;
                out.printf(
                        "e2e: %d accepted in %.1f s; waiting for the worker...%n", uploaded.accepted(), uploadSeconds);

                long deadline = started + Duration.ofMinutes(timeoutMinutes).toNanos();
                String queue = pipeline.resources().queueUrl();
                int terminal = 0;
                long lastPrint = System.nanoTime();
                while (System.nanoTime() < deadline) {
                    if (pipeline.queueDepth(queue) == 0) {
                        terminal = countTerminal(pipeline);
                        if (terminal >= uploaded.accepted()) {
                            break;
                        }
                    }
                    if (System.nanoTime() - lastPrint > 10_000_000_000L) {
                        out.printf("e2e: %d messages still queued or in flight%n", pipeline.queueDepth(queue));
                        lastPrint = System.nanoTime();
                    }
                    Thread.sleep(250);
                }
                double totalSeconds = (System.nanoTime() - started) / 1e9;

                List<Long> latencies = new ArrayList<>();
                Map<String, Integer> outcomes = new TreeMap<>();
                long[] tokens = new long[2];
                pipeline.dynamo()
                        .scanPaginator(b -> b.tableName(pipeline.resources().tableName())
                                .filterExpression("NOT begins_with(PatientID, :idem)")
                                .expressionAttributeValues(Map.of(":idem", AttributeValue.fromS("IDEMPOTENCY#")))
                                .projectionExpression(
                                        "ProcessingStatus, CreatedAt, UpdatedAt, InputTokens, OutputTokens, LastError"))
                        .items()
                        .forEach(item -> {
                            String status = item.get("ProcessingStatus").s();
                            outcomes.merge(
                                    status.equals("FAILED") && item.containsKey("LastError")
                                            ? "FAILED "
                                                    + item.get("LastError").s().split("[: ]")[0]
                                            : status,
                                    1,
                                    Integer::sum);
                            if (status.equals("SUCCESS")) {
                                latencies.add(Long.parseLong(
                                                item.get("UpdatedAt").n())
                                        - Long.parseLong(item.get("CreatedAt").n()));
                                tokens[0] += item.containsKey("InputTokens")
                                        ? Long.parseLong(item.get("InputTokens").n())
                                        : 0;
                                tokens[1] += item.containsKey("OutputTokens")
                                        ? Long.parseLong(
                                                item.get("OutputTokens").n())
                                        : 0;
                            }
                        });
                int success = outcomes.getOrDefault("SUCCESS", 0);
                int unfinished = uploaded.accepted()
                        - outcomes.entrySet().stream()
                                .filter(e -> e.getKey().equals("SUCCESS")
                                        || e.getKey().startsWith("FAILED"))
                                .mapToInt(Map.Entry::getValue)
                                .sum();

                Table table = new Table("", "figure");
                table.row(
                        "reports in the corpus",
                        lines.size() + " (" + String.format(Locale.ROOT, "%.1f MB", bytes / 1e6) + ")");
                table.row(
                        "accepted / rejected at upload",
                        uploaded.accepted() + " / " + uploaded.rejected().size());
                table.row(
                        "upload (all 202s)",
                        Stats.seconds(uploadSeconds) + ", " + Stats.fixed(uploaded.accepted() / uploadSeconds, 1)
                                + " reports/s");
                table.row(
                        "**end to end (upload start -> last SUCCESS)**",
                        "**" + Stats.seconds(totalSeconds) + ", " + Stats.fixed(success / totalSeconds, 1)
                                + " reports/s**");
                table.row(
                        "submit -> SUCCESS p50 / p95 / max",
                        Stats.seconds(Stats.percentile(latencies, 50)) + " / "
                                + Stats.seconds(Stats.percentile(latencies, 95)) + " / "
                                + Stats.seconds(Stats.percentile(latencies, 100)));
                table.row(
                        "outcomes",
                        outcomes.toString().replace("=", ": ").replace("{", "").replace("}", "")
                                + (unfinished > 0 ? ", unfinished: " + unfinished : ""));
                table.row(
                        "model calls",
                        pipeline.bedrock().counters().totalCalls() + " (throttled "
                                + pipeline.bedrock().counters().throttledCalls() + ")");
                table.row(
                        "tokens in / out per report (local estimate, chars / 4)",
                        success == 0 ? "-" : (tokens[0] / success) + " / " + (tokens[1] / success));
                BenchReport report = new BenchReport(
                        "e2e",
                        "./medsum bench e2e --corpus " + corpus + (limit > 0 ? " --limit " + limit : "")
                                + " --concurrency " + concurrency,
                        machine);
                report.paragraph(String.format(
                        Locale.ROOT,
                        "The corpus uploaded through the local HTTP gateway (API "
                                + "key auth) with the CLI's uploader: POST /reports/batch, "
                                + "100 reports a request, %d requests in flight, an "
                                + "Idempotency-Key per report. In-memory local stack with "
                                + "the template's settings (worker MaxConcurrency %s x "
                                + "WorkerParallelism %s, batch %d, window %s), the local "
                                + "extractive model with no latency and no quota, so "
                                + "the figures measure the pipeline itself (ingest, "
                                + "SQS, worker, DynamoDB stand-ins), not a model. "
                                + "Submit -> SUCCESS is the record's UpdatedAt - CreatedAt "
                                + "(whole seconds). Everything runs on this one machine, load generator included.",
                        concurrency,
                        mapping.maximumConcurrency(),
                        pipeline.environment(LocalPipeline.WORKER).get("WORKER_PARALLELISM"),
                        mapping.batchSize(),
                        mapping.maximumBatchingWindow()));
                report.table(null, table);
                report.publish(output, out);
            }
        } finally {
            deleteQuietly(work);
        }
        return 0;
    }

    private static int countTerminal(LocalPipeline pipeline) {
        int[] count = new int[1];
        pipeline.dynamo()
                .scanPaginator(b -> b.tableName(pipeline.resources().tableName())
                        .select("COUNT")
                        .filterExpression("ProcessingStatus IN (:s, :f)")
                        .expressionAttributeValues(
                                Map.of(":s", AttributeValue.fromS("SUCCESS"), ":f", AttributeValue.fromS("FAILED"))))
                .forEach(page -> count[0] += page.count());
        return count[0];
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A temp folder left behind is harmless.
        }
    }
}
