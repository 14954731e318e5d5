package io.medsum.common.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one JSON mapper. Strict on input: duplicate keys, trailing tokens and deep nesting are errors, and parser
 * messages never echo input text (they would carry patient data into logs).
 */
public final class Json {
    /** Deep enough for any valid request, shallow enough to refuse nesting bombs. */
    public static final int MAX_NESTING_DEPTH = 16;

    public static final ObjectMapper MAPPER = create();

    private Json() {}

    private static ObjectMapper create() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxStringLength(8 * 1024 * 1024)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
        return new ObjectMapper(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /** Parses a request body; the exception says where the JSON broke, never what it contained. */
    public static JsonNode parse(String body) throws InvalidJsonException {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new InvalidJsonException("Request body is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            String where = location == null
                    ? ""
                    : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
            String reason = e.getMessage() != null && e.getMessage().contains("Duplicate field")
                    ? "Request body has a duplicate JSON key"
                    : e.getMessage() != null && e.getMessage().contains("nesting depth")
                            ? "Request body is nested too deeply"
                            : "Request body is not valid JSON";
            throw new InvalidJsonException(reason + where);
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "Cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Thrown for unparseable input; its message is safe to return to clients and to log. */
    public static final class InvalidJsonException extends Exception {
        public InvalidJsonException(String message) {
            super(message);
        }
    }
}
