package io.medsum.local.services;

import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.common.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An EventBridge event pattern, as much of the pattern language as this project and typical consumers of its bus write:
 * exact values (strings, numbers, booleans, null) on any field of the event envelope, nested objects such as
 * {@code detail}, {@code prefix}, and {@code anything-but} with a value, a list of values or a prefix. Every other
 * operator EventBridge knows ({@code suffix}, {@code numeric}, {@code exists}, {@code $or}, ...) is refused when the
 * rule is put, naming it: a pattern the stand-in cannot evaluate must never silently match, or silently not.
 *
 * <p>Matching follows "Event pattern syntax" and "Arrays in Amazon EventBridge event patterns" (EventBridge user
 * guide): every field the pattern names must be in the event with the same nesting; a field's array of values matches
 * if any of them matches; an array in the event matches if it shares any value with the pattern's array.
 */
final class EventPattern {
    /** Operators EventBridge offers that this stand-in does not evaluate; named in the refusal. */
    private static final Set<String> SUPPORTED_OPERATORS = Set.of("prefix", "anything-but");

    private final JsonNode pattern;

    private EventPattern(JsonNode pattern) {
        this.pattern = pattern;
    }

    /**
     * Reads and checks a pattern as PutRule receives it.
     *
     * @throws AwsJsonServer.ServiceException InvalidEventPatternException for what EventBridge refuses too,
     *     ValidationException for an operator EventBridge has but this stand-in does not evaluate
     */
    static EventPattern parse(String text) {
        JsonNode node;
        try {
            node = Json.parse(text);
        } catch (Json.InvalidJsonException e) {
            throw invalid("Event pattern is not valid JSON: " + e.getMessage());
        }
        if (!node.isObject() || node.isEmpty()) {
            throw invalid("Event pattern must be a non-empty JSON object");
        }
        checkObject(node, "");
        return new EventPattern(node);
    }

    boolean matches(JsonNode event) {
        return matchesObject(pattern, event);
    }

    private static void checkObject(JsonNode object, String path) {
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = path + field.getKey();
            if (field.getKey().startsWith("$")) {
                throw unsupported(field.getKey(), name);
            }
            JsonNode value = field.getValue();
            if (value.isObject()) {
                if (value.isEmpty()) {
                    throw invalid("Empty object in event pattern at " + name);
                }
                checkObject(value, name + ".");
            } else if (value.isArray()) {
                if (value.isEmpty()) {
                    throw invalid("Empty arrays are not allowed in event patterns (" + name + ")");
                }
                value.forEach(matcher -> checkMatcher(matcher, name));
            } else {
                throw invalid("Event pattern value at " + name + " must be an array or an object");
            }
        }
    }

    private static void checkMatcher(JsonNode matcher, String field) {
        if (matcher.isValueNode()) {
            return; // an exact value: string, number, boolean or null
        }
        if (!matcher.isObject() || matcher.size() != 1) {
            throw invalid("Event pattern matcher at " + field + " must be a value or a one-operator object");
        }
        String operator = matcher.fieldNames().next();
        if (!SUPPORTED_OPERATORS.contains(operator)) {
            throw unsupported(operator, field);
        }
        JsonNode argument = matcher.get(operator);
        if (operator.equals("prefix")) {
            if (!argument.isTextual()) {
                // prefix with equals-ignore-case is an object here: an operator the stand-in does not evaluate
                throw argument.isObject() && argument.size() == 1
                        ? unsupported("prefix." + argument.fieldNames().next(), field)
                        : invalid("prefix at " + field + " takes a string");
            }
            return;
        }
        // anything-but: a value, a list of values, or {"prefix": "..."}
        if (argument.isArray()) {
            argument.forEach(item -> {
                if (!item.isTextual() && !item.isNumber()) {
                    throw invalid("anything-but at " + field + " lists strings or numbers");
                }
            });
        } else if (argument.isObject()) {
            String inner = argument.size() == 1 ? argument.fieldNames().next() : "";
            if (!inner.equals("prefix")) {
                throw unsupported("anything-but." + inner, field);
            }
            if (!argument.get("prefix").isTextual()) {
                throw invalid("anything-but prefix at " + field + " takes a string");
            }
        } else if (!argument.isTextual() && !argument.isNumber()) {
            throw invalid("anything-but at " + field + " takes a string, a number or a list of them");
        }
    }

    private static boolean matchesObject(JsonNode pattern, JsonNode event) {
        Iterator<Map.Entry<String, JsonNode>> fields = pattern.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = event == null ? null : event.get(field.getKey());
            if (value == null) {
                return false; // every field the pattern names must be in the event
            }
            boolean matched = field.getValue().isObject()
                    ? value.isObject() && matchesObject(field.getValue(), value)
                    : matchesAny(field.getValue(), value);
            if (!matched) {
                return false;
            }
        }
        return true;
    }

    /** The pattern's values against a field: any of them matching one value (or one element of an array) suffices. */
    private static boolean matchesAny(JsonNode matchers, JsonNode value) {
        List<JsonNode> candidates = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(candidates::add);
        } else {
            candidates.add(value);
        }
        for (JsonNode matcher : matchers) {
            for (JsonNode candidate : candidates) {
                if (matchesOne(matcher, candidate)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matchesOne(JsonNode matcher, JsonNode value) {
        if (matcher.isValueNode()) {
            return sameValue(matcher, value);
        }
        String operator = matcher.fieldNames().next();
        JsonNode argument = matcher.get(operator);
        if (operator.equals("prefix")) {
            return value.isTextual() && value.asText().startsWith(argument.asText());
        }
        if (argument.isObject()) {
            return value.isTextual()
                    && !value.asText().startsWith(argument.get("prefix").asText());
        }
        if (argument.isArray()) {
            for (JsonNode excluded : argument) {
                if (sameValue(excluded, value)) {
                    return false;
                }
            }
            return true;
        }
        return !sameValue(argument, value);
    }

    /** Strings by text, numbers by value (5 and 5.0 are one number), booleans and null by kind. */
    private static boolean sameValue(JsonNode expected, JsonNode actual) {
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        if (expected.isTextual() || actual.isTextual()) {
            return expected.isTextual()
                    && actual.isTextual()
                    && expected.asText().equals(actual.asText());
        }
        return expected.equals(actual);
    }

    private static AwsJsonServer.ServiceException invalid(String message) {
        return new AwsJsonServer.ServiceException("InvalidEventPatternException", message);
    }

    private static AwsJsonServer.ServiceException unsupported(String operator, String field) {
        return new AwsJsonServer.ServiceException(
                "ValidationException",
                "Event pattern operator '" + operator + "' (at " + field
                        + ") is not evaluated by the local EventBridge stand-in; it supports exact values, prefix and"
                        + " anything-but");
    }
}
