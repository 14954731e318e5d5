package io.medsum.local.bedrock;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a Converse request asks of the model: the user and assistant text blocks are the prompt, the system blocks are
 * instructions. Non-text blocks (images, documents, tool results) are accepted and ignored. Validation messages never
 * quote the request: it is patient text.
 */
record ConverseRequest(String instructions, String conversation, int maxTokens) {
    static final String INPUT_TOO_LONG = "Input is too long for requested model.";

    static ConverseRequest parse(byte[] body) throws InvalidModelRequestException {
        JsonNode request = ModelJson.parseObject(body);
        return new ConverseRequest(
                systemText(request.get("system")),
                conversationText(request.get("messages")),
                maxTokens(request.get("inferenceConfig")));
    }

    /** Instructions are read too, so they cost input tokens. */
    int inputTokens() {
        return SummarizingModel.estimateTokens(instructions.length() + conversation.length());
    }

    /**
     * Bedrock refuses a maxTokens above the model's output limit, and a request whose input plus maxTokens would not
     * fit the context window, before any inference.
     */
    void requireWithinLimitsOf(FoundationModel model) throws InvalidModelRequestException {
        int limit = model.maxOutputTokens();
        if (maxTokens > limit) {
            throw new InvalidModelRequestException("The maximum tokens you requested exceeds the model limit of "
                    + limit + ". Try again with a maximum tokens value that is lower than " + limit + ".");
        }
        if ((long) inputTokens() + maxTokens > model.contextWindowTokens()) {
            throw new InvalidModelRequestException(INPUT_TOO_LONG);
        }
    }

    private static String conversationText(JsonNode messages) throws InvalidModelRequestException {
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new InvalidModelRequestException(
                    "The messages field is required and must contain at least one message.");
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
        return ModelJson.positiveInt(
                inferenceConfig, "maxTokens", SummarizingModel.DEFAULT_MAX_TOKENS, "#/inferenceConfig");
    }
}
