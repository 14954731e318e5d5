package io.medsum.cli;

import io.medsum.local.LocalPipeline;
import io.medsum.local.LocalStack;
import io.medsum.local.bedrock.BedrockError;
import io.medsum.local.bedrock.ModelFaults;
import io.medsum.local.bedrock.ModelLifecycle;
import io.medsum.local.bedrock.ModelStopReason;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./medsum local}: the whole pipeline on this machine, until Ctrl-C. */
@Command(
        name = "local",
        mixinStandardHelpOptions = true,
        // One element per paragraph: picocli starts each element on a new line and wraps only within it.
        description = {
            "Runs the whole pipeline on this machine, no Docker and no AWS account.",
            "",
            "ElasticMQ (SQS), dynalite (DynamoDB), a Bedrock-compatible endpoint, an API gateway on 127.0.0.1 and the SQS event "
                    + "source feeding the worker, all configured from template.yaml. Writes the endpoints to <data-dir>/local.json.",
            "Ctrl-C stops it gracefully; in disk mode a restart finishes what was left unfinished."
        })
final class LocalCommand implements Callable<Integer> {

    @Option(
            names = "--port",
            defaultValue = "3000",
            description = "API gateway port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(
            names = "--data-dir",
            defaultValue = ".medsum",
            description = "Where local.json, the API key and DynamoDB's data live (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--in-memory", description = "Keep DynamoDB in memory: a throwaway run.")
    boolean inMemory;

    @Option(
            names = {"-P", "--parameter"},
            description = "Template parameter override, e.g. -P MaxReceiveCount=8.")
    Map<String, String> parameters = new LinkedHashMap<>();

    @Option(names = "--model-latency-ms", description = "Local model latency per call, in ms.")
    long modelLatencyMs;

    @Option(
            names = "--model-rpm",
            description = "Local model quota in requests per minute; calls over it are throttled (0 = none).")
    int modelRpm;

    @Option(
            names = "--model-error-rate",
            description = "Share of local model calls, 0 to 1, that fail with --model-error.")
    double modelErrorRate;

    @Option(
            names = "--model-error",
            defaultValue = "server",
            description =
                    "Injected error: throttling, server, unavailable, validation, access-denied, model-not-found, timeout, not-ready (default: ${DEFAULT-VALUE}).")
    String modelError;

    @Option(
            names = "--model-stop-reason",
            defaultValue = ModelStopReason.NATURAL_SWITCH,
            description =
                    "Converse stop reason of every local answer: end_turn, max_tokens (cut at maxTokens even when more was allowed),"
                            + " content_filtered, guardrail_intervened (a short refusal), natural (default: end_turn unless maxTokens cut it).")
    String modelStopReason;

    @Option(
            names = "--model-lifecycle",
            defaultValue = ModelLifecycle.CATALOG_SWITCH,
            description =
                    "Lifecycle of every ACTIVE local model: active, legacy (GetFoundationModel reports LEGACY, end of life in 6 months),"
                            + " end-of-life (calls and GetFoundationModel answer ResourceNotFoundException), catalog (default: each model's own).")
    String modelLifecycle;

    @Option(names = "--sqs-endpoint", description = "Use this SQS endpoint instead of the embedded ElasticMQ.")
    URI sqsEndpoint;

    @Option(names = "--dynamodb-endpoint", description = "Use this DynamoDB endpoint instead of dynalite.")
    URI dynamodbEndpoint;

    @Option(names = "--bedrock-endpoint", description = "Use this Bedrock Runtime endpoint instead of the local one.")
    URI bedrockEndpoint;

    @Option(
            names = "--bedrock",
            defaultValue = "local",
            description = "local (default) or aws: call real Amazon Bedrock with the default credentials chain.")
    String bedrock;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        ModelFaults faults = modelFaults();
        boolean realBedrock = switch (bedrock.toLowerCase()) {
            case "aws" -> true;
            case "local" -> false;
            default -> throw new IllegalArgumentException("--bedrock must be local or aws");
        };
        var options = LocalPipeline.Options.inMemory()
                .withParameters(parameters)
                .withExternal(new LocalPipeline.Endpoints(sqsEndpoint, dynamodbEndpoint, bedrockEndpoint, realBedrock));
        options = new LocalPipeline.Options(
                null, options.parameterOverrides(), options.environmentOverrides(), faults, options.external());

        LocalStack stack = LocalStack.start(new LocalStack.Config(dataDir, port, inMemory, options));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("\nStopping: finishing in-flight batches...");
                            stack.close();
                            System.out.println("Stopped.");
                            stopped.countDown();
                        },
                        "medsum-shutdown"));

        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                "%nmedsum local is ready in %.1f s (%s)%n",
                seconds, inMemory ? "in memory" : "data in " + dataDir.resolve("data"));
        stack.describe().forEach((name, value) -> System.out.printf("  %-9s %s%n", name, value));
        System.out.printf("  %-9s %s%n", "Settings", dataDir.resolve(LocalStack.LOCAL_JSON));
        if (stack.recovered() > 0) {
            System.out.printf("  Re-queued %d unfinished reports from the last run.%n", stack.recovered());
        }
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
        return 0;
    }

    /** The local model's starting faults, from the same switch names {@code ./medsum faults set} takes. */
    ModelFaults modelFaults() {
        return new ModelFaults()
                .latencyMs(modelLatencyMs)
                .requestsPerMinute(modelRpm)
                .errorRate(modelErrorRate)
                .errorKind(BedrockError.fromSwitchName(modelError))
                .stopReasonSwitch(modelStopReason)
                .modelLifecycleSwitch(modelLifecycle);
    }
}
