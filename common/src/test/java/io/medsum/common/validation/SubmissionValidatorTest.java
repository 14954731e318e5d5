package io.medsum.common.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.common.json.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SubmissionValidatorTest {
    private final SubmissionValidator validator = new SubmissionValidator();

    private static JsonNode body(Map<String, Object> fields) {
        return Json.MAPPER.valueToTree(fields);
    }

    private SubmissionValidator.Result validate(Map<String, Object> fields) {
        return validator.validate(body(fields));
    }

    @Test
    void acceptsAMinimalReportAndDefaultsTheSourceSystem() {
        var result = validate(Map.of("patientId", "P-001", "text", "Chest pain, resolved."));
        assertThat(result.isValid()).isTrue();
        assertThat(result.submission().sourceSystem()).isEqualTo("unspecified");
        assertThat(result.submission().metadata()).isEmpty();
    }

    @Test
    void acceptsAFullReport() {
        var result = validate(Map.of(
                "patientId",
                "P.1_x-2",
                "text",
                "text",
                "sourceSystem",
                "LabSystem",
                "metadata",
                Map.of("physician", "Dr. Who", "urgency", "HIGH")));
        assertThat(result.isValid()).isTrue();
        assertThat(result.submission().metadata()).containsEntry("urgency", "HIGH");
    }

    @Test
    void reportsEveryMissingFieldAtOnce() {
        var result = validate(Map.of());
        assertThat(result.errors()).extracting(FieldError::field).containsExactlyInAnyOrder("patientId", "text");
    }

    @Test
    void rejectsWrongTypes() {
        var result = validate(Map.of("patientId", 42, "text", true, "sourceSystem", 1, "metadata", "x"));
        assertThat(result.errors())
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder("patientId", "text", "sourceSystem", "metadata");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "../etc", "a b", "ＰATIENT", "p#1", ".", ".."})
    void rejectsPatientIdsOutsideTheAlphabet(String patientId) {
        assertThat(validate(Map.of("patientId", patientId, "text", "t")).errors())
                .extracting(FieldError::field)
                .containsExactly("patientId");
    }

    @Test
    void rejectsA65CharacterPatientId() {
        assertThat(validate(Map.of("patientId", "p".repeat(65), "text", "t")).isValid())
                .isFalse();
        assertThat(validate(Map.of("patientId", "p".repeat(64), "text", "t")).isValid())
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n\t "})
    void rejectsEmptyOrWhitespaceText(String text) {
        assertThat(validate(Map.of("patientId", "p", "text", text)).errors())
                .extracting(FieldError::field)
                .containsExactly("text");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"\u00a0\u00a0", "\u2007", "\u202f", "\u200b", "\ufeff", "\u2060", " \u00a0\u200b\t\u3000\n"})
    void rejectsTextWithNoVisibleCharacter(String text) {
        assertThat(validate(Map.of("patientId", "p", "text", text)).errors())
                .extracting(FieldError::field)
                .containsExactly("text");
    }

    @Test
    void acceptsTextWithVisibleCharactersAmongInvisibleOnes() {
        assertThat(validate(Map.of("patientId", "p", "text", "\u00a0Fever\u200b"))
                        .isValid())
                .isTrue();
    }

    @Test
    void acceptsTextOfExactly51200BytesWithMultiByteCharactersAtTheEdge() {
        String text = "a".repeat(51_200 - 3) + "€"; // € is 3 bytes in UTF-8
        var result = validate(Map.of("patientId", "p", "text", text));
        assertThat(result.isValid()).isTrue();
    }

    @Test
    void flagsTextOf51201BytesAsTooLarge() {
        String text = "a".repeat(51_200 - 2) + "€";
        var result = validate(Map.of("patientId", "p", "text", text));
        assertThat(result.isValid()).isFalse();
        assertThat(result.tooLarge()).isTrue();
        assertThat(result.errors().get(0).message()).contains("51201").doesNotContain("aaa");
    }

    @Test
    void tooLargeTextWithOtherErrorsIsAValidationErrorNotA413() {
        var result = validate(Map.of("patientId", "bad/id", "text", "a".repeat(60_000)));
        assertThat(result.tooLarge()).isFalse();
        assertThat(result.errors()).hasSize(2);
    }

    @Test
    void rejectsControlCharactersButKeepsTabsAndNewlines() {
        assertThat(validate(Map.of("patientId", "p", "text", "line1\nline2\tx\r\n"))
                        .isValid())
                .isTrue();
        assertThat(validate(Map.of("patientId", "p", "text", "bell\u0007")).isValid())
                .isFalse();
        assertThat(validate(Map.of("patientId", "p", "text", "nul\u0000")).isValid())
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0085", "\u009b31m", "\u0080"})
    void rejectsC1ControlCharactersInTextAndMetadata(String control) {
        assertThat(validate(Map.of("patientId", "p", "text", "Fever " + control))
                        .isValid())
                .isFalse();
        assertThat(validate(Map.of("patientId", "p", "text", "t", "metadata", Map.of("physician", "Dr " + control)))
                        .isValid())
                .isFalse();
    }

    @Test
    void rejectsUnpairedSurrogates() {
        assertThat(validate(Map.of("patientId", "p", "text", "bad \uD800 half")).isValid())
                .isFalse();
        assertThat(validate(Map.of("patientId", "p", "text", "emoji \uD83D\uDE00 ok"))
                        .isValid())
                .isTrue();
    }

    @Test
    void limitsMetadataKeysValuesAndUrgency() {
        Map<String, Object> many = new HashMap<>();
        for (int i = 0; i < 21; i++) {
            many.put("k" + i, "v");
        }
        assertThat(validate(Map.of("patientId", "p", "text", "t", "metadata", many))
                        .isValid())
                .isFalse();
        assertThat(validate(Map.of("patientId", "p", "text", "t", "metadata", Map.of("k", "v".repeat(257))))
                        .isValid())
                .isFalse();
        assertThat(validate(Map.of("patientId", "p", "text", "t", "metadata", Map.of("k", "v".repeat(256))))
                        .isValid())
                .isTrue();
        assertThat(validate(Map.of("patientId", "p", "text", "t", "metadata", Map.of("k", 1)))
                        .isValid())
                .isFalse();
        assertThat(validate(Map.of("patientId", "p", "text", "t", "metadata", Map.of("bad key!", "v")))
                        .isValid())
                .isFalse();
        assertThat(validate(Map.of("patientId", "p", "text", "t", "metadata", Map.of("urgency", "SOON")))
                        .isValid())
                .isFalse();
    }

    @Test
    void rejectsUnknownFieldsUnlessAllowed() {
        JsonNode withKey = body(Map.of("patientId", "p", "text", "t", "idempotencyKey", "k"));
        assertThat(validator.validate(withKey).errors())
                .extracting(FieldError::field)
                .containsExactly("idempotencyKey");
        assertThat(validator
                        .validate(withKey, "reports[0].", Set.of("idempotencyKey"))
                        .isValid())
                .isTrue();
    }

    @Test
    void namesUnknownFieldsOnlyWhenTheyLookLikeFieldNames() {
        String secret = "CANARY-FIELD";
        for (String name : List.of(
                "<img src=x onerror=alert(1)>" + secret,
                "patient name " + secret,
                secret + "x".repeat(100),
                secret + "\u001b[2J")) {
            assertThat(validator
                            .validate(body(Map.of("patientId", "p", "text", "t", name, 1)))
                            .errors())
                    .extracting(FieldError::field)
                    .containsExactly("(unknown field)");
        }
        assertThat(validator
                        .validate(body(Map.of("patientId", "p", "text", "t", "patient_name", 1)))
                        .errors())
                .extracting(FieldError::field)
                .containsExactly("patient_name");
    }

    @Test
    void prefixesFieldPathsForBatchItems() {
        var result = validator.validate(body(Map.of("text", "t")), "reports[3].", Set.of());
        assertThat(result.errors()).extracting(FieldError::field).containsExactly("reports[3].patientId");
    }

    @Test
    void errorMessagesNeverEchoTheValues() {
        String secret = "CANARY-SECRET-VALUE";
        var result = validate(
                Map.of("patientId", secret + "/", "text", "\u0007" + secret, "metadata", Map.of("urgency", secret)));
        assertThat(result.errors())
                .allSatisfy(e -> assertThat(e.message() + e.field()).doesNotContain(secret));
    }

    @Test
    void nonObjectBodiesAreRejected() {
        assertThat(validator.validate(Json.MAPPER.valueToTree(List.of(1))).errors())
                .extracting(FieldError::field)
                .containsExactly("(body)");
    }
}
