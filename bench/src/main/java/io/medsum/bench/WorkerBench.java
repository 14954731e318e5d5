package io.medsum.bench;

import io.medsum.bench.spike.SpikeBench;
import io.medsum.common.config.Settings;
import io.medsum.local.LocalPipeline;
import io.medsum.local.infra.SqsEventSource;
import io.medsum.local.lambda.SqsEventSourcePoller;
import io.medsum.worker.WorkerHandler;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** {@code ./medsum bench worker}: one worker's throughput against model latency and batch size, next to the ideal. */
@Command(
        name = "worker",
        mixinStandardHelpOptions = true,
        description = {
            "Throughput of one worker (one container, one invocation "
                    + "at a time, WorkerParallelism threads) against the model's "
                    + "latency L and the SQS batch size, with no quota, next to the ideal min(batch, parallelism) / L."
        })
public final class WorkerBench implements Callable<Integer> {
    @Mixin
    BenchOutput output;

    @Option(
            names = "--latencies-ms",
            split = ",",
            defaultValue = "100,500",
            description = "Model latencies (default: ${DEFAULT-VALUE}).")
    List<Long> latencies;

    @Option(
            names = "--batch-sizes",
            split = ",",
            defaultValue = "1,5,10",
            description = "SQS batch sizes, at most 10 (default: ${DEFAULT-VALUE}).")
    List<Integer> batchSizes;

    @Option(
            names = "--batches",
            defaultValue = "20",
            description = "Batches measured per cell (default: ${DEFAULT-VALUE}).")
    int batches;

    @Option(names = "--parallelism", description = "WorkerParallelism (default: the template's).")
    Integer parallelism;

    @Override
    public Integer call() throws Exception {
        if (batchSizes.stream().anyMatch(b -> b < 1 || b > 10) || batches < 1) {
            throw new IllegalArgumentException("--batch-sizes must be within 1..10 and --batches positive");
        }
        Machine machine = Machine.current();
        Table table = new Table(
                "model latency",
                "batch size",
                "messages",
                "elapsed",
                "reports/s",
                "ideal min(batch, P) / L",
                "measured / ideal",
                "per batch (ideal)");
        int p;
        try (CapturedOutput captured = CapturedOutput.start(output.logs())) {
            PrintStream out = captured.console();
            var options = LocalPipeline.Options.inMemory();
            if (parallelism != null) {
                options = options.withParameters(Map.of("WorkerParallelism", parallelism.toString()))
                        .withEnvironment(Map.of("WORKER_PARALLELISM", parallelism.toString()));
            }
            try (LocalPipeline pipeline = LocalPipeline.start(options)) {
                Map<String, String> env = pipeline.environment(LocalPipeline.WORKER);
                p = Integer.parseInt(env.get("WORKER_PARALLELISM"));
                WorkerHandler worker = new WorkerHandler(new Settings(env));
                SqsEventSource template = pipeline.template().workerEventSource();
                out.printf(
                        "worker: one container, WorkerParallelism %d, batching window %s; %d batches a cell%n",
                        p, template.maximumBatchingWindow(), batches);

                pipeline.bedrock().faults().clear();
                measure(pipeline, worker, template, 10, 3, "WARMUP-"); // JIT and connections, not reported

                int cell = 0;
                for (long latency : latencies) {
                    pipeline.bedrock().faults().clear().latencyMs(latency);
                    for (int batch : batchSizes) {
                        int messages = batch * batches;
                        double seconds = measure(pipeline, worker, template, batch, batches, "W" + (++cell) + "-");
                        double rate = messages / seconds;
                        double ideal = Math.min(batch, p) / (latency / 1000.0);
                        double idealBatchMs = Math.ceil((double) batch / p) * latency;
                        table.row(
                                latency + " ms",
                                batch,
                                messages,
                                Stats.seconds(seconds),
                                Stats.fixed(rate, 1),
                                Stats.fixed(ideal, 1),
                                Stats.fixed(rate / ideal, 2),
                                Stats.ms(seconds * 1000 / batches) + " (" + Stats.ms(idealBatchMs) + ")");
                        out.printf("  L=%d ms batch=%d: %.1f reports/s (ideal %.1f)%n", latency, batch, rate, ideal);
                    }
                }
            }
            BenchReport report = new BenchReport(
                    "worker",
                    String.format(
                            Locale.ROOT,
                            "./medsum bench worker --latencies-ms %s --batch-sizes %s --batches %d%s",
                            join(latencies),
                            join(batchSizes),
                            batches,
                            parallelism == null ? "" : " --parallelism " + parallelism),
                    machine);
            report.paragraph(String.format(
                    Locale.ROOT,
                    "One worker container (its own WorkerHandler, WorkerParallelism "
                            + "P = %d threads) fed batch after batch by the "
                            + "event source mapping (one invocation at a time), "
                            + "the local model with latency L and no quota. "
                            + "Each cell: the queue is filled first, then timed "
                            + "from the first receive to the last delete. "
                            + "Ideal = min(batch, P) / L: a batch's messages run "
                            + "at most P at a time, and one invocation ends when "
                            + "its slowest message does; the gap is the per-batch "
                            + "cost of receive, claim, store and delete (DynamoDB "
                            + "and SQS stand-ins on this machine).",
                    p));
            report.table(null, table);
            report.publish(output, out);
        }
        return 0;
    }

    /** Fills the queue with batch x batches reports, then times one poller draining them. */
    private static double measure(
            LocalPipeline pipeline,
            WorkerHandler worker,
            SqsEventSource template,
            int batch,
            int batches,
            String prefix)
            throws InterruptedException {
        int messages = batch * batches;
        List<String> bodies = SpikeBench.bodies(prefix, messages);
        for (int from = 0; from < bodies.size(); from += 100) {
            String items = String.join(",", bodies.subList(from, Math.min(bodies.size(), from + 100)));
            var response = pipeline.invoke(
                    "POST",
                    "/reports/batch",
                    Map.of(),
                    Map.of("Content-Type", "application/json"),
                    "{\"reports\":[" + items + "]}",
                    false,
                    "bench-client");
            if (response.getStatusCode() != 202) {
                throw new IllegalStateException("Could not fill the queue: HTTP " + response.getStatusCode());
            }
        }
        String queue = pipeline.resources().queueUrl();
        long fillDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (visible(pipeline, queue) < messages && System.nanoTime() < fillDeadline) {
            Thread.sleep(50);
        }
        var mapping = new SqsEventSource(
                template.functionLogicalId(),
                template.eventName(),
                template.queueLogicalId(),
                batch,
                template.maximumBatchingWindow(),
                template.functionResponseTypes(),
                1);
        var poller = new SqsEventSourcePoller(
                pipeline.sqs(),
                queue,
                pipeline.resources().queueArn(),
                mapping,
                pipeline.template().function(LocalPipeline.WORKER),
                worker);
        long started = System.nanoTime();
        int delivered = 0;
        while (delivered < messages) {
            int n = poller.pollOnce(Duration.ofSeconds(1));
            if (n == 0 && visible(pipeline, queue) == 0 && pipeline.queueDepth(queue) == 0) {
                break;
            }
            delivered += n;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long done = SpikeBench.statuses(pipeline.dynamo(), pipeline.resources().tableName(), prefix).values().stream()
                .filter("SUCCESS"::equals)
                .count();
        if (done != messages) {
            throw new IllegalStateException("Expected " + messages + " SUCCESS reports, found " + done);
        }
        return seconds;
    }

    private static int visible(LocalPipeline pipeline, String queue) {
        return Integer.parseInt(pipeline.sqs()
                .getQueueAttributes(
                        b -> b.queueUrl(queue).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    private static String join(List<?> values) {
        return String.join(",", values.stream().map(String::valueOf).toList());
    }
}
