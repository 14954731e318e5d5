package io.medsum.local.bedrock;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON in and out of the model operations. Parse failures never carry request text into messages. */
final class ModelJson {
    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
                    .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ModelJson() {}

    static JsonNode parseObject(byte[] body) throws InvalidModelRequestException {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new InvalidModelRequestException(BedrockError.VALIDATION.defaultMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidModelRequestException(BedrockError.VALIDATION.defaultMessage());
        }
        return root;
    }

    /** A positive integer field, or the default when absent. */
    static int positiveInt(JsonNode parent, String field, int defaultValue, String path)
            throws InvalidModelRequestException {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < 1) {
            throw new InvalidModelRequestException("Malformed input request: " + path + "/" + field
                    + ": must be an integer of at least 1, please reformat your input and try again.");
        }
        return value.intValue();
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
