package io.medsum.local.bedrock;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Set;

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

    /** Bedrock model schemas are closed: an unexpected key means the caller used another model's shape. */
    static void requireOnlyKeys(JsonNode object, Set<String> allowed, String path) throws InvalidModelRequestException {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                // Unlike Bedrock, the key is not named: callers log these messages, and keys can be data.
                throw new InvalidModelRequestException("Malformed input request: " + path
                        + ": extraneous key is not permitted, please reformat your input and try again.");
            }
        }
    }

    /** A positive integer field, or the default when absent. */
    static int positiveInt(JsonNode parent, String field, int defaultValue, String path) throws InvalidModelRequestException {
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
