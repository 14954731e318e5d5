package io.medsum.local.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medsum.local.bedrock.SummarizingModel.Generation;
import java.util.Set;

/**
 * InvokeModel with the Amazon Titan Text body format:
 * {@code {"inputText": "...", "textGenerationConfig": {"maxTokenCount": 512, ...}}} in,
 * {@code {"inputTextTokenCount": n, "results": [{"tokenCount": n, "outputText": "...", "completionReason": "FINISH"}]}} out.
 * The body shape, not the model id, decides: any other shape is refused as Bedrock refuses a body
 * written for another model family.
 */
final class TitanTextInvocation {
    private static final Set<String> REQUEST_KEYS = Set.of("inputText", "textGenerationConfig");
    private static final Set<String> CONFIG_KEYS = Set.of("maxTokenCount", "temperature", "topP", "stopSequences");

    private final SummarizingModel model;

    TitanTextInvocation(SummarizingModel model) {
        this.model = model;
    }

    ModelReply invoke(byte[] body) throws InvalidModelRequestException {
        JsonNode request = ModelJson.parseObject(body);
        JsonNode inputText = request.get("inputText");
        if (inputText == null || !inputText.isTextual()) {
            throw new InvalidModelRequestException(
                    "Malformed input request: #: required key [inputText] not found, please reformat your input and try again.");
        }
        ModelJson.requireOnlyKeys(request, REQUEST_KEYS, "#");
        if (inputText.textValue().isBlank()) {
            throw new InvalidModelRequestException(
                    "Malformed input request: #/inputText: expected minLength: 1, please reformat your input and try again.");
        }
        int maxTokens = maxTokenCount(request.get("textGenerationConfig"));

        Generation generation = model.generate(inputText.textValue(), maxTokens);

        ObjectNode response = ModelJson.MAPPER.createObjectNode();
        response.put("inputTextTokenCount", generation.inputTokens());
        ObjectNode result = response.putArray("results").addObject();
        result.put("tokenCount", generation.outputTokens());
        result.put("outputText", generation.text());
        result.put("completionReason", generation.truncated() ? "LENGTH" : "FINISH");
        return new ModelReply(ModelJson.write(response), generation);
    }

    private static int maxTokenCount(JsonNode config) throws InvalidModelRequestException {
        if (config == null || config.isNull()) {
            return SummarizingModel.DEFAULT_MAX_TOKENS;
        }
        if (!config.isObject()) {
            throw new InvalidModelRequestException("Malformed input request: #/textGenerationConfig: expected type: JSONObject,"
                    + " please reformat your input and try again.");
        }
        ModelJson.requireOnlyKeys(config, CONFIG_KEYS, "#/textGenerationConfig");
        return ModelJson.positiveInt(config, "maxTokenCount", SummarizingModel.DEFAULT_MAX_TOKENS, "#/textGenerationConfig");
    }
}
