package io.medsum.worker.model;

import io.medsum.common.domain.FailureCode;
import io.medsum.common.ports.SummaryModel;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;

/**
 * {@link SummaryModel} on Amazon Bedrock through the Converse API, the one request shape every current text model
 * takes. maxTokens is always set, so Bedrock's token-quota reservation (input + maxTokens) stays predictable.
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

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public ModelSummary summarize(String reportText) throws ModelException {
        ConverseResponse response;
        try {
            response = bedrock.converse(b -> b.modelId(modelId)
                    .system(SystemContentBlock.fromText(prompts.instructions()))
                    .messages(Message.builder()
                            .role(ConversationRole.USER)
                            .content(ContentBlock.fromText(prompts.reportBlock(reportText)))
                            .build())
                    .inferenceConfig(c -> c.maxTokens(maxOutputTokens).temperature(0f)));
        } catch (SdkException e) {
            throw new ModelException(BedrockFailures.classify(e), e);
        }
        StopReason stop = response.stopReason();
        if (stop == StopReason.CONTENT_FILTERED || stop == StopReason.GUARDRAIL_INTERVENED) {
            throw new ModelException(FailureCode.MODEL_CONTENT_FILTERED);
        }
        if (stop == StopReason.MAX_TOKENS) {
            // A summary cut off mid-sentence can drop the plan or a negation: never stored as a summary.
            throw new ModelException(FailureCode.MODEL_OUTPUT_TRUNCATED);
        }
        String text = outputText(response);
        check.verify(text);
        TokenUsage usage = response.usage();
        return new ModelSummary(
                text.strip(),
                tokens(usage == null ? null : usage.inputTokens()),
                tokens(usage == null ? null : usage.outputTokens()),
                modelId);
    }

    /** The text blocks of the answer; reasoning and other block types are not part of the summary. */
    private static String outputText(ConverseResponse response) {
        StringBuilder text = new StringBuilder();
        if (response.output() != null && response.output().message() != null) {
            for (ContentBlock block : response.output().message().content()) {
                if (block.text() != null) {
                    text.append(block.text());
                }
            }
        }
        return text.toString();
    }

    private static int tokens(Integer count) {
        return count == null ? 0 : count;
    }
}
