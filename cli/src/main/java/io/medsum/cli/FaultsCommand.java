package io.medsum.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.common.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ./medsum faults}: the running local stack's model fault switches. */
@Command(
        name = "faults",
        mixinStandardHelpOptions = true,
        description = "Shows or changes the local model's faults on a running ./medsum local stack.",
        subcommands = {FaultsCommand.Set.class, FaultsCommand.Clear.class, FaultsCommand.Show.class})
final class FaultsCommand {
    @Option(
            names = "--data-dir",
            defaultValue = ".medsum",
            scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "The running stack's data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    JsonNode send(String method, Map<String, Object> body) throws Exception {
        Path localJson = dataDir.resolve("local.json");
        if (!Files.exists(localJson)) {
            throw new IllegalStateException(
                    "No running stack: " + localJson + " is missing. Start one with ./medsum local");
        }
        String bedrock =
                Json.parse(Files.readString(localJson)).path("bedrockEndpoint").asText();
        if (!bedrock.startsWith("http")) {
            throw new IllegalStateException(
                    "The running stack uses " + bedrock + " Bedrock, which has no fault switches");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(bedrock + "/_medsum/faults"));
        request = body == null
                ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)))
                        .header("Content-Type", "application/json");
        HttpResponse<String> response =
                HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = Json.parse(response.body());
        if (response.statusCode() != 200) {
            throw new IllegalArgumentException(
                    json.path("message").asText("faults endpoint answered " + response.statusCode()));
        }
        return json;
    }

    @Command(
            name = "set",
            mixinStandardHelpOptions = true,
            description = "Sets the given switches; the others keep their values.")
    static final class Set implements Callable<Integer> {
        @ParentCommand
        FaultsCommand parent;

        @Option(
                names = {"--model-latency-ms", "--latency-ms"},
                description = "Latency per call, in ms.")
        Long latencyMs;

        @Option(
                names = {"--model-rpm", "--rpm"},
                description = "Requests per minute before throttling (0 = none).")
        Integer rpm;

        @Option(
                names = {"--model-error-rate", "--error-rate"},
                description = "Share of calls, 0 to 1, that fail.")
        Double errorRate;

        @Option(
                names = {"--model-error", "--error"},
                description =
                        "throttling, server, unavailable, validation, access-denied, model-not-found, timeout, not-ready.")
        String error;

        @Option(
                names = {"--model-stop-reason", "--stop-reason"},
                description =
                        "Converse stop reason of every answer: end_turn, max_tokens (cut at maxTokens even when more was allowed),"
                                + " content_filtered, guardrail_intervened (a short refusal), or natural to unset.")
        String stopReason;

        @Option(
                names = {"--model-lifecycle", "--lifecycle"},
                description =
                        "Lifecycle of every ACTIVE model: active, legacy (GetFoundationModel reports LEGACY, end of life in 6 months),"
                                + " end-of-life (calls and GetFoundationModel answer ResourceNotFoundException), or catalog to unset.")
        String lifecycle;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> body = new LinkedHashMap<>();
            if (latencyMs != null) {
                body.put("latencyMs", latencyMs);
            }
            if (rpm != null) {
                body.put("requestsPerMinute", rpm);
            }
            if (errorRate != null) {
                body.put("errorRate", errorRate);
            }
            if (error != null) {
                body.put("errorKind", error);
            }
            if (stopReason != null) {
                body.put("stopReason", stopReason);
            }
            if (lifecycle != null) {
                body.put("modelLifecycle", lifecycle);
            }
            System.out.println(parent.send("POST", body).toPrettyString());
            return 0;
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true, description = "Back to a healthy model.")
    static final class Clear implements Callable<Integer> {
        @ParentCommand
        FaultsCommand parent;

        @Override
        public Integer call() throws Exception {
            System.out.println(parent.send("DELETE", null).toPrettyString());
            return 0;
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Shows the switches and the model's call counters.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        FaultsCommand parent;

        @Override
        public Integer call() throws Exception {
            System.out.println(parent.send("GET", null).toPrettyString());
            return 0;
        }
    }
}
