package io.medsum.local.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.common.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pattern language the stand-in evaluates, against events in the envelope EventBridge delivers. */
class EventPatternTest {
    private static final JsonNode EVENT = json("""
            {"version": "0", "id": "e-1", "detail-type": "report.failed", "source": "medsum",
             "account": "000000000000", "time": "2026-12-02T10:00:00Z", "region": "us-east-1",
             "resources": ["arn:aws:dynamodb:us-east-1:000000000000:table/PatientReports", "r-2"],
             "detail": {"id": "n-1", "type": "report.failed", "tenant": "clinic-a", "attempt": 3, "final": true,
                        "reviewer": null,
                        "data": {"patientId": "PT-1", "reportId": "REPORT-1", "status": "FAILED",
                                 "failureCode": "MODEL_REFUSED"}}}
            """);

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "the source | {\"source\": [\"medsum\"]}",
                "one of the detail-types | {\"detail-type\": [\"report.succeeded\", \"report.failed\"]}",
                "a nested detail field | {\"detail\": {\"data\": {\"status\": [\"FAILED\"]}}}",
                "fields together | {\"source\": [\"medsum\"], \"detail\": {\"tenant\": [\"clinic-a\"]}}",
                "a number, by value | {\"detail\": {\"attempt\": [3.0]}}",
                "a boolean | {\"detail\": {\"final\": [true]}}",
                "null | {\"detail\": {\"reviewer\": [null]}}",
                "an element of an array | {\"resources\": [\"r-2\", \"r-9\"]}",
                "a prefix | {\"detail-type\": [{\"prefix\": \"report.\"}]}",
                "anything but a value | {\"detail\": {\"data\": {\"status\": [{\"anything-but\": \"SUCCESS\"}]}}}",
                "anything but values | {\"detail-type\": [{\"anything-but\": [\"report.succeeded\", \"x\"]}]}",
                "anything but a prefix | {\"detail\": {\"tenant\": [{\"anything-but\": {\"prefix\": \"lab-\"}}]}}",
            })
    void matches(String what, String pattern) {
        assertThat(EventPattern.parse(pattern).matches(EVENT)).as(what).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "another source | {\"source\": [\"other\"]}",
                "a field the event lacks | {\"detail\": {\"data\": {\"reason\": [\"x\"]}}}",
                "a value where the event has an object | {\"detail\": {\"data\": [\"FAILED\"]}}",
                "an object where the event has a value | {\"source\": {\"name\": [\"medsum\"]}}",
                "one field of two | {\"source\": [\"medsum\"], \"detail\": {\"tenant\": [\"clinic-b\"]}}",
                "the text of a number | {\"detail\": {\"attempt\": [\"3\"]}}",
                "another prefix | {\"detail-type\": [{\"prefix\": \"review.\"}]}",
                "anything but the value | {\"detail\": {\"data\": {\"status\": [{\"anything-but\": \"FAILED\"}]}}}",
                "anything but the prefix | {\"detail\": {\"tenant\": [{\"anything-but\": {\"prefix\": \"clinic\"}}]}}",
                "case differs | {\"source\": [\"MEDSUM\"]}",
            })
    void doesNotMatch(String what, String pattern) {
        assertThat(EventPattern.parse(pattern).matches(EVENT)).as(what).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "suffix | {\"detail-type\": [{\"suffix\": \".failed\"}]}",
                "numeric | {\"detail\": {\"attempt\": [{\"numeric\": [\">\", 2]}]}}",
                "exists | {\"detail\": {\"data\": {\"failureCode\": [{\"exists\": true}]}}}",
                "equals-ignore-case | {\"source\": [{\"equals-ignore-case\": \"MEDSUM\"}]}",
                "wildcard | {\"source\": [{\"wildcard\": \"med*\"}]}",
                "cidr | {\"detail\": {\"ip\": [{\"cidr\": \"10.0.0.0/8\"}]}}",
                "$or | {\"$or\": [{\"source\": [\"medsum\"]}, {\"detail-type\": [\"x\"]}]}",
                "prefix.equals-ignore-case | {\"source\": [{\"prefix\": {\"equals-ignore-case\": \"MED\"}}]}",
                "anything-but.suffix | {\"source\": [{\"anything-but\": {\"suffix\": \"x\"}}]}",
            })
    void refusesEveryOtherOperatorNamingIt(String operator, String pattern) {
        assertThatThrownBy(() -> EventPattern.parse(pattern))
                .isInstanceOfSatisfying(
                        AwsJsonServer.ServiceException.class,
                        e -> assertThat(e.code()).isEqualTo("ValidationException"))
                .hasMessageContaining("'" + operator + "'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not JSON | {source: medsum",
                "not an object | [\"medsum\"]",
                "empty | {}",
                "a bare value | {\"source\": \"medsum\"}",
                "an empty array | {\"source\": []}",
                "an empty object | {\"detail\": {}}",
                "two operators in one matcher | {\"source\": [{\"prefix\": \"a\", \"anything-but\": \"b\"}]}",
            })
    void refusesWhatEventBridgeRefuses(String what, String pattern) {
        assertThatThrownBy(() -> EventPattern.parse(pattern))
                .as(what)
                .isInstanceOfSatisfying(
                        AwsJsonServer.ServiceException.class,
                        e -> assertThat(e.code()).isEqualTo("InvalidEventPatternException"));
    }

    @Test
    void theProjectsRulesMatchEveryNotificationAndNothingElse() {
        EventPattern rule = EventPattern.parse("{\"source\": [\"medsum\"]}");

        assertThat(rule.matches(EVENT)).isTrue();
        assertThat(rule.matches(json("{\"source\": \"medsum.test\", \"detail\": {}}")))
                .isFalse();
    }

    private static JsonNode json(String text) {
        try {
            return Json.parse(text);
        } catch (Json.InvalidJsonException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
