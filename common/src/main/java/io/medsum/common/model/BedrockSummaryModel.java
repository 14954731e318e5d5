package io.medsum.common.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.common.domain.FailureCode;
import io.medsum.common.json.Json;
import io.medsum.common.ports.SummaryModel;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;

/**
 * {@link SummaryModel} on Amazon Bedrock: Titan Text models through InvokeModel with Titan's own JSON
 * (the original design), every other model or inference profile through the Converse API.
 * maxTokens is always set, so Bedrock's token-quota reservation (input + maxTokens) stays predictable.
 */
public final class BedrockSummaryModel implements SummaryModel {
    private final BedrockRuntimeClient bedrock;
    private final String modelId;
    private final int maxOutputTokens;
    private final PromptBuilder prompts;
    private final SummaryCheck check;

    public BedrockSummaryModel(BedrockRuntimeClient bedrock, String modelId, int maxOutputTokens) {
        this.bedrock = bedrock;
        this.modelId = modelId;
        this.maxOutputTokens = maxOutputTokens;
        this.prompts = new PromptBuilder(Math.max(50, maxOutputTokens / 2));
        this.check = new SummaryCheck(maxOutputTokens);
    }

    public static boolean isTitanText(String modelId) {
        return modelId.contains("amazon.titan-text");
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public ModelSummary summarize(String reportText) throws ModelException {
        ModelSummary summary;
        try {
            summary = isTitanText(modelId) ? invokeTitan(reportText) : converse(reportText);
        } catch (SdkException e) {
            throw new ModelException(BedrockFailures.classify(e), e);
        }
        check.verify(summary.text());
        return new ModelSummary(summary.text().strip(), summary.inputTokens(), summary.outputTokens(), modelId);
    }

    private ModelSummary invokeTitan(String reportText) throws ModelException {
        String body = Json.write(Map.of(
                "inputText", prompts.singlePrompt(reportText),
                "textGenerationConfig", Map.of("maxTokenCount", maxOutputTokens, "temperature", 0, "topP", 1)));
        var response = bedrock.invokeModel(b -> b.modelId(modelId)
                .contentType("application/json")
                .accept("application/json")
                .body(SdkBytes.fromUtf8String(body)));
        JsonNode json;
        try {
            json = Json.parse(response.body().asUtf8String());
        } catch (Json.InvalidJsonException e) {
            throw new ModelException(FailureCode.MODEL_OUTPUT_INVALID);
        }
        JsonNode result = json.path("results").path(0);
        if ("CONTENT_FILTERED".equals(result.path("completionReason").asText())) {
            throw new ModelException(FailureCode.MODEL_CONTENT_FILTERED);
        }
        return new ModelSummary(result.path("outputText").asText(""),
                json.path("inputTextTokenCount").asInt(0), result.path("tokenCount").asInt(0), modelId);
    }

    private ModelSummary converse(String reportText) throws ModelException {
        ConverseResponse response = bedrock.converse(b -> b.modelId(modelId)
                .system(SystemContentBlock.fromText(prompts.instructions()))
                .messages(Message.builder().role(ConversationRole.USER)
                        .content(ContentBlock.fromText(prompts.reportBlock(reportText))).build())
                .inferenceConfig(c -> c.maxTokens(maxOutputTokens).temperature(0f)));
        if (response.stopReason() == StopReason.CONTENT_FILTERED || response.stopReason() == StopReason.GUARDRAIL_INTERVENED) {
            throw new ModelException(FailureCode.MODEL_CONTENT_FILTERED);
        }
        StringBuilder text = new StringBuilder();
        if (response.output() != null && response.output().message() != null) {
            response.output().message().content().forEach(block -> {
                if (block.text() != null) {
                    text.append(block.text());
                }
            });
        }
        var usage = response.usage();
        return new ModelSummary(text.toString(),
                usage == null || usage.inputTokens() == null ? 0 : usage.inputTokens(),
                usage == null || usage.outputTokens() == null ? 0 : usage.outputTokens(), modelId);
    }
}
