package io.medsum.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.common.domain.Review;
import io.medsum.common.validation.FieldError;
import io.medsum.common.validation.TextRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of POST /reports/{patientId}/{reportId}/review: {@code {"decision": "approve" | "reject", "comment"?:
 * string}}. Every field error is collected; no value is echoed back.
 */
record ReviewRequest(Review.Decision decision, String comment) {
    static final int MAX_COMMENT_CHARS = 2000;
    private static final Set<String> FIELDS = Set.of("decision", "comment");
    private static final Pattern FIELD_NAME = Pattern.compile("^[A-Za-z0-9_]{1,64}$");

    /** A request, or the reasons it is not one. */
    record Parsed(ReviewRequest request, List<FieldError> errors) {}

    static Parsed parse(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            return new Parsed(null, List.of(new FieldError("(body)", "must be a JSON object")));
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(
                        FIELD_NAME.matcher(name).matches() ? name : "(unknown field)", "is not a known field"));
            }
        });
        Review.Decision decision = null;
        JsonNode decisionNode = body.get("decision");
        if (decisionNode == null || decisionNode.isNull()) {
            errors.add(new FieldError("decision", "is required"));
        } else if (!decisionNode.isTextual()
                || !(decisionNode.textValue().equals("approve")
                        || decisionNode.textValue().equals("reject"))) {
            errors.add(new FieldError("decision", "must be \"approve\" or \"reject\""));
        } else {
            decision = decisionNode.textValue().equals("approve") ? Review.Decision.APPROVE : Review.Decision.REJECT;
        }
        String comment = null;
        JsonNode commentNode = body.get("comment");
        if (commentNode != null && !commentNode.isNull()) {
            if (!commentNode.isTextual()) {
                errors.add(new FieldError("comment", "must be a string"));
            } else if (commentNode.textValue().length() > MAX_COMMENT_CHARS
                    || commentNode.textValue().isEmpty()) {
                errors.add(new FieldError("comment", "must be 1-" + MAX_COMMENT_CHARS + " characters"));
            } else if (TextRules.hasForbiddenControlCharacters(commentNode.textValue())
                    || TextRules.hasLoneSurrogate(commentNode.textValue())) {
                errors.add(new FieldError("comment", "must not contain control characters other than tab, CR and LF"));
            } else {
                comment = commentNode.textValue();
            }
        }
        return errors.isEmpty()
                ? new Parsed(new ReviewRequest(decision, comment), List.of())
                : new Parsed(null, errors);
    }

    @Override
    public String toString() {
        return "ReviewRequest[decision=" + decision + "]"; // the comment may name the patient
    }
}
