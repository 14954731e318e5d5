package io.medsum.local.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medsum.local.bedrock.SummarizingModel.Generation;
import java.util.concurrent.TimeUnit;

/**
 * The Converse API: the user and assistant text blocks are the prompt, the system blocks are
 * instructions. Non-text blocks (images, documents, tool results) are accepted and ignored.
 */
final class ConverseInvocation {
    private final SummarizingModel model;

    ConverseInvocation(SummarizingModel model) {
        this.model = model;
    }

    ModelReply converse(byte[] body, long startedNanos) throws InvalidModelRequestException {
        JsonNode request = ModelJson.parseObject(body);
        String conversation = conversationText(request.get("messages"));
        String instructions = systemText(request.get("system"));
        int maxTokens = maxTokens(request.get("inferenceConfig"));

        Generation generation = model.generate(instructions, conversation, maxTokens);

        ObjectNode response = ModelJson.MAPPER.createObjectNode();
        ObjectNode message = response.putObject("output").putObject("message");
        message.put("role", "assistant");
        message.putArray("content").addObject().put("text", generation.text());
        response.put("stopReason", generation.truncated() ? "max_tokens" : "end_turn");
        ObjectNode usage = response.putObject("usage");
        usage.put("inputTokens", generation.inputTokens());
        usage.put("outputTokens", generation.outputTokens());
        usage.put("totalTokens", generation.totalTokens());
        response.putObject("metrics").put("latencyMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos));
        return new ModelReply(ModelJson.write(response), generation);
    }

    private static String conversationText(JsonNode messages) throws InvalidModelRequestException {
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new InvalidModelRequestException("The messages field is required and must contain at least one message.");
        }
        if (!"user".equals(messages.get(0).path("role").asText())) {
            throw new InvalidModelRequestException("A conversation must start with a user message."
                    + " Try again with a conversation that starts with a user message.");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode message : messages) {
            String role = message.path("role").asText();
            if (!role.equals("user") && !role.equals("assistant")) {
                throw new InvalidModelRequestException("Message roles must be user or assistant.");
            }
            JsonNode content = message.get("content");
            if (content == null || !content.isArray() || content.isEmpty()) {
                throw new InvalidModelRequestException("Each message must have at least one content block.");
            }
            appendTextBlocks(content, text);
        }
        if (text.length() == 0) {
            throw new InvalidModelRequestException("The conversation has no text content to respond to.");
        }
        return text.toString();
    }

    private static String systemText(JsonNode system) throws InvalidModelRequestException {
        if (system == null || system.isNull()) {
            return "";
        }
        if (!system.isArray()) {
            throw new InvalidModelRequestException("The system field must be a list of content blocks.");
        }
        StringBuilder text = new StringBuilder();
        appendTextBlocks(system, text);
        return text.toString();
    }

    private static void appendTextBlocks(JsonNode blocks, StringBuilder text) {
        for (JsonNode block : blocks) {
            JsonNode blockText = block.get("text");
            if (blockText != null && blockText.isTextual()) {
                if (text.length() > 0) {
                    text.append('\n');
                }
                text.append(blockText.textValue());
            }
        }
    }

    private static int maxTokens(JsonNode inferenceConfig) throws InvalidModelRequestException {
        if (inferenceConfig == null || inferenceConfig.isNull()) {
            return SummarizingModel.DEFAULT_MAX_TOKENS;
        }
        return ModelJson.positiveInt(inferenceConfig, "maxTokens", SummarizingModel.DEFAULT_MAX_TOKENS, "#/inferenceConfig");
    }
}
