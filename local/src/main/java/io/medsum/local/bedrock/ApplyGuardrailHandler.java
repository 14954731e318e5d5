package io.medsum.local.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Serves ApplyGuardrail in Bedrock Runtime's wire format for guardrails with a contextual grounding policy: the
 * request's text blocks qualified {@code grounding_source}, {@code query} and {@code guard_content}, the response's
 * {@code action}, {@code outputs}, {@code assessments[].contextualGroundingPolicy.filters[]} and {@code usage}. The
 * score is {@link GroundingScorer}'s. Checks run in the service's order: the guardrail and version, then the request.
 *
 * <p>Request bodies are patient text: nothing here logs them, nor puts them into an error message.
 */
final class ApplyGuardrailHandler implements HttpHandler {
    static final String PATH = "/guardrail/";
    /** The contextual grounding check's limits, in characters (see GroundingLimits in the worker). */
    static final int MAX_SOURCE_CHARS = 100_000;

    static final int MAX_QUERY_CHARS = 1_000;
    static final int MAX_GUARDED_CHARS = 5_000;
    static final String NOT_FOUND_MESSAGE = "The guardrail identifier or version provided is not valid.";
    private static final String BLOCKED_OUTPUT = "The summary is not grounded in the report.";

    private final LocalGuardrails guardrails;

    ApplyGuardrailHandler(LocalGuardrails guardrails) {
        this.guardrails = guardrails;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Optional<GuardrailRoute> route = GuardrailRoute.of(
                    exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
            (route.isPresent() ? serve(route.get(), body) : HttpReply.unknownOperation()).writeTo(exchange);
        } catch (RuntimeException e) {
            HttpReply.error(BedrockError.INTERNAL_SERVER).writeTo(exchange);
        } finally {
            exchange.close();
        }
    }

    HttpReply serve(GuardrailRoute route, byte[] body) {
        guardrails.recordCall();
        Optional<LocalGuardrails.Guardrail> guardrail = guardrails.find(route.guardrailId(), route.guardrailVersion());
        if (guardrail.isEmpty()) {
            return HttpReply.error(BedrockError.MODEL_NOT_FOUND, NOT_FOUND_MESSAGE);
        }
        Optional<BedrockError> injected = guardrails.injectedError();
        if (injected.isPresent()) {
            return HttpReply.error(injected.get());
        }
        Blocks blocks;
        try {
            blocks = Blocks.parse(body);
        } catch (InvalidModelRequestException e) {
            return HttpReply.error(BedrockError.VALIDATION, e.getMessage());
        }
        double threshold = guardrail.get().groundingThreshold();
        double score = GroundingScorer.score(blocks.source(), blocks.guarded());
        boolean blocked = score < threshold;
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("type", "GROUNDING");
        filter.put("threshold", threshold);
        filter.put("score", score);
        filter.put("action", blocked ? "BLOCKED" : "NONE");
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("action", blocked ? "GUARDRAIL_INTERVENED" : "NONE");
        response.put("outputs", blocked ? List.of(Map.of("text", BLOCKED_OUTPUT)) : List.of());
        response.put("assessments", List.of(Map.of("contextualGroundingPolicy", Map.of("filters", List.of(filter)))));
        response.put("usage", usage(blocks));
        return HttpReply.ok(ModelJson.write(response));
    }

    /** Billed on source + query + guarded text, one unit per 1,000 characters or part of it. */
    private static Map<String, Object> usage(Blocks blocks) {
        int characters = blocks.source().length()
                + blocks.query().length()
                + blocks.guarded().length();
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("topicPolicyUnits", 0);
        usage.put("contentPolicyUnits", 0);
        usage.put("wordPolicyUnits", 0);
        usage.put("sensitiveInformationPolicyUnits", 0);
        usage.put("sensitiveInformationPolicyFreeUnits", 0);
        usage.put("contextualGroundingPolicyUnits", (characters + 999) / 1000);
        return usage;
    }

    /** The three qualified text blocks of a contextual grounding request. */
    record Blocks(String source, String query, String guarded) {
        static Blocks parse(byte[] body) throws InvalidModelRequestException {
            JsonNode root = ModelJson.parseObject(body);
            String source = root.path("source").asText("");
            if (!source.equals("INPUT") && !source.equals("OUTPUT")) {
                throw new InvalidModelRequestException("1 validation error detected: Value at 'source' failed to "
                        + "satisfy constraint: Member must satisfy enum value set: [INPUT, OUTPUT]");
            }
            JsonNode content = root.path("content");
            if (!content.isArray() || content.isEmpty()) {
                throw new InvalidModelRequestException("The content of the request is empty.");
            }
            StringBuilder grounding = new StringBuilder();
            StringBuilder query = new StringBuilder();
            StringBuilder guarded = new StringBuilder();
            for (JsonNode block : content) {
                JsonNode text = block.path("text");
                if (!text.path("text").isTextual()) {
                    throw new InvalidModelRequestException(BedrockError.VALIDATION.defaultMessage());
                }
                String value = text.path("text").asText();
                JsonNode qualifiers = text.path("qualifiers");
                boolean qualified = false;
                for (JsonNode qualifier : qualifiers) {
                    qualified = true;
                    switch (qualifier.asText()) {
                        case "grounding_source" -> grounding.append(value);
                        case "query" -> query.append(value);
                        case "guard_content" -> guarded.append(value);
                        default ->
                            throw new InvalidModelRequestException(
                                    "Qualifiers must be grounding_source, query or guard_content.");
                    }
                }
                if (!qualified) {
                    guarded.append(value); // unqualified text is guarded, as in the service
                }
            }
            if (grounding.isEmpty() || guarded.isEmpty()) {
                throw new InvalidModelRequestException(
                        "Contextual grounding needs a grounding source and content to guard.");
            }
            if (grounding.length() > MAX_SOURCE_CHARS
                    || query.length() > MAX_QUERY_CHARS
                    || guarded.length() > MAX_GUARDED_CHARS) {
                throw new InvalidModelRequestException(
                        "The grounding source, query or guarded content exceeds the contextual grounding limits.");
            }
            return new Blocks(grounding.toString(), query.toString(), guarded.toString());
        }
    }
}
