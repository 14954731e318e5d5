package io.medsum.local.bedrock;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medsum.local.bedrock.SummarizingModel.Generation;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Answers a validated Converse request in the response shape of today's Bedrock: {@code output.message.content[].text},
 * {@code stopReason}, {@code usage} and {@code metrics.latencyMs}.
 */
final class ConverseInvocation {
    /** What the stand-in says instead of a summary when it plays a blocked answer; not Bedrock's wording. */
    static final String CONTENT_FILTERED_TEXT = "The generated text has been blocked by content filters.";

    static final String GUARDRAIL_TEXT = "Sorry, the model cannot answer this question.";

    private final SummarizingModel model;

    ConverseInvocation(SummarizingModel model) {
        this.model = model;
    }

    /** The text, stop reason and output tokens one call reports. */
    private record Answer(String text, ModelStopReason stopReason, int outputTokens) {}

    ModelReply converse(ConverseRequest request, Optional<ModelStopReason> forcedStop, long startedNanos) {
        Generation generation = model.generate(request.instructions(), request.conversation(), request.maxTokens());
        Answer answer = forcedStop
                .map(reason -> forced(reason, generation, request.maxTokens()))
                .orElseGet(() -> natural(generation, request.maxTokens()));

        ObjectNode response = ModelJson.MAPPER.createObjectNode();
        ObjectNode message = response.putObject("output").putObject("message");
        message.put("role", "assistant");
        message.putArray("content").addObject().put("text", answer.text());
        response.put("stopReason", answer.stopReason().wireName());
        ObjectNode usage = response.putObject("usage");
        usage.put("inputTokens", generation.inputTokens());
        usage.put("outputTokens", answer.outputTokens());
        usage.put("totalTokens", generation.inputTokens() + answer.outputTokens());
        response.putObject("metrics").put("latencyMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos));
        return new ModelReply(ModelJson.write(response), generation);
    }

    /** A model stopped by its budget has spent all of it: Bedrock then reports maxTokens output tokens. */
    private static Answer natural(Generation generation, int maxTokens) {
        return generation.truncated()
                ? new Answer(generation.text(), ModelStopReason.MAX_TOKENS, maxTokens)
                : new Answer(generation.text(), ModelStopReason.END_TURN, generation.outputTokens());
    }

    private static Answer forced(ModelStopReason reason, Generation generation, int maxTokens) {
        return switch (reason) {
            case END_TURN -> new Answer(generation.text(), reason, generation.outputTokens());
            case MAX_TOKENS ->
                new Answer(
                        generation.truncated() ? generation.text() : SummarizingModel.cutShort(generation.text()),
                        reason,
                        maxTokens);
            case CONTENT_FILTERED -> refusal(CONTENT_FILTERED_TEXT, reason);
            case GUARDRAIL_INTERVENED -> refusal(GUARDRAIL_TEXT, reason);
        };
    }

    private static Answer refusal(String text, ModelStopReason reason) {
        return new Answer(text, reason, SummarizingModel.estimateTokens(text.length()));
    }
}
