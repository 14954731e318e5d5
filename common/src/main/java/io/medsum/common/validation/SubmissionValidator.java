package io.medsum.common.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.common.domain.PatientIds;
import io.medsum.common.domain.ReportSubmission;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates one report submission (the body of POST /summarize or one item of a batch). Collects every field error
 * rather than stopping at the first, and never echoes values back.
 */
public final class SubmissionValidator {
    private static final Pattern SOURCE_SYSTEM = Pattern.compile("^[A-Za-z0-9 ._-]{1,64}$");
    private static final Pattern METADATA_KEY = Pattern.compile("^[A-Za-z0-9_.-]{1,64}$");
    private static final Pattern FIELD_NAME = Pattern.compile("^[A-Za-z0-9_]{1,64}$");
    private static final Set<String> URGENCY = Set.of("LOW", "MEDIUM", "HIGH");
    private static final Set<String> KNOWN_FIELDS = Set.of("patientId", "text", "sourceSystem", "metadata");

    /** The outcome: a submission, or the errors; {@code tooLarge} means the text exceeded the byte limit (413). */
    public record Result(ReportSubmission submission, List<FieldError> errors, boolean tooLarge) {
        public Result {
            errors = List.copyOf(errors);
        }

        public boolean isValid() {
            return submission != null;
        }
    }

    public Result validate(JsonNode body, String pathPrefix, Set<String> extraAllowedFields) {
        List<FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            errors.add(new FieldError(pathPrefix.isEmpty() ? "(body)" : pathPrefix, "must be a JSON object"));
            return new Result(null, errors, false);
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!KNOWN_FIELDS.contains(name) && !extraAllowedFields.contains(name)) {
                // Name the field only when it looks like one: the answer must not repeat arbitrary input.
                errors.add(new FieldError(
                        pathPrefix + (FIELD_NAME.matcher(name).matches() ? name : "(unknown field)"),
                        "is not a known field"));
            }
        });

        String patientId = requiredString(body, "patientId", pathPrefix, errors);
        if (patientId != null && !PatientIds.isValid(patientId)) {
            errors.add(new FieldError(
                    pathPrefix + "patientId", "must be 1-64 characters of A-Z, a-z, 0-9, '.', '_' or '-'"));
        }

        boolean tooLarge = false;
        String text = requiredString(body, "text", pathPrefix, errors);
        if (text != null) {
            if (TextRules.hasNoVisibleCharacter(text)) {
                errors.add(new FieldError(pathPrefix + "text", "must not be empty or only whitespace"));
            } else if (TextRules.hasForbiddenControlCharacters(text)) {
                errors.add(new FieldError(
                        pathPrefix + "text", "must not contain control characters other than tab, CR and LF"));
            } else if (TextRules.hasLoneSurrogate(text)) {
                errors.add(new FieldError(pathPrefix + "text", "must be valid UTF-8 (found an unpaired surrogate)"));
            } else {
                int bytes = text.getBytes(StandardCharsets.UTF_8).length;
                if (bytes > SubmissionLimits.MAX_TEXT_BYTES) {
                    tooLarge = true;
                    errors.add(new FieldError(
                            pathPrefix + "text",
                            "is " + bytes + " bytes of UTF-8; the limit is " + SubmissionLimits.MAX_TEXT_BYTES));
                }
            }
        }

        String sourceSystem = ReportSubmission.DEFAULT_SOURCE_SYSTEM;
        JsonNode source = body.get("sourceSystem");
        if (source != null && !source.isNull()) {
            if (!source.isTextual()) {
                errors.add(new FieldError(pathPrefix + "sourceSystem", "must be a string"));
            } else if (!SOURCE_SYSTEM.matcher(source.textValue()).matches()) {
                errors.add(new FieldError(
                        pathPrefix + "sourceSystem",
                        "must be 1-64 characters of letters, digits, space, '.', '_' or '-'"));
            } else {
                sourceSystem = source.textValue();
            }
        }

        Map<String, String> metadata = metadata(body.get("metadata"), pathPrefix + "metadata", errors);

        if (!errors.isEmpty()) {
            return new Result(null, errors, tooLarge && errors.size() == 1);
        }
        return new Result(new ReportSubmission(patientId, text, sourceSystem, metadata), List.of(), false);
    }

    public Result validate(JsonNode body) {
        return validate(body, "", Set.of());
    }

    private static String requiredString(JsonNode body, String field, String prefix, List<FieldError> errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            errors.add(new FieldError(prefix + field, "is required"));
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError(prefix + field, "must be a string"));
            return null;
        }
        return node.textValue();
    }

    private static Map<String, String> metadata(JsonNode node, String path, List<FieldError> errors) {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return metadata;
        }
        if (!node.isObject()) {
            errors.add(new FieldError(path, "must be an object of string values"));
            return metadata;
        }
        if (node.size() > SubmissionLimits.MAX_METADATA_KEYS) {
            errors.add(new FieldError(
                    path, "has " + node.size() + " keys; the limit is " + SubmissionLimits.MAX_METADATA_KEYS));
            return metadata;
        }
        node.fields().forEachRemaining(entry -> {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            if (!METADATA_KEY.matcher(key).matches()) {
                errors.add(new FieldError(path, "keys must be 1-64 characters of letters, digits, '_', '.' or '-'"));
            } else if (!value.isTextual()) {
                errors.add(new FieldError(path + "." + key, "must be a string"));
            } else if (value.textValue().length() > SubmissionLimits.MAX_METADATA_VALUE_CHARS) {
                errors.add(new FieldError(
                        path + "." + key,
                        "must be at most " + SubmissionLimits.MAX_METADATA_VALUE_CHARS + " characters"));
            } else if (TextRules.hasForbiddenControlCharacters(value.textValue())
                    || TextRules.hasLoneSurrogate(value.textValue())) {
                errors.add(new FieldError(path + "." + key, "must not contain control characters or invalid UTF-8"));
            } else if (key.equals("urgency") && !URGENCY.contains(value.textValue())) {
                errors.add(new FieldError(path + ".urgency", "must be LOW, MEDIUM or HIGH"));
            } else {
                metadata.put(key, value.textValue());
            }
        });
        return metadata;
    }
}
