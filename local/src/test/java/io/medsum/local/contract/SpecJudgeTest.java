package io.medsum.local.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The judge's response checks find what does not conform, so that its silence in the agreement test means something.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpecJudgeTest {
    private static final String STATUS_URL = "/v1/reports/P-000123/REPORT-01HZX3K9V7Q2W8E5R4T6Y1M0PA";
    private static final String ACCEPTED =
            "{\"patientId\":\"P-000123\",\"reportId\":\"REPORT-01HZX3K9V7Q2W8E5R4T6Y1M0PA\","
                    + "\"status\":\"PENDING\",\"statusUrl\":\"" + STATUS_URL + "\"}";
    private static final Map<String, String> ACCEPTED_HEADERS =
            Map.of("content-type", "application/json", "location", STATUS_URL, "retry-after", "5");
    private static final Map<String, String> PROBLEM = Map.of("Content-Type", "application/problem+json");

    private SpecJudge judge;

    @BeforeAll
    void start() {
        judge = SpecJudge.start(OpenApiContract.locate());
    }

    @AfterAll
    void stop() {
        judge.close();
    }

    private String violation(int status, Map<String, String> headers, String body) {
        return judge.responseViolation("summarize", status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aConformingAnswerPasses() {
        assertThat(violation(202, ACCEPTED_HEADERS, ACCEPTED)).isNull();
        assertThat(violation(
                        400,
                        PROBLEM,
                        "{\"type\":\"urn:problem:medsum:validation\",\"title\":\"T\",\"status\":400,"
                                + "\"detail\":\"d\",\"errors\":[{\"field\":\"text\",\"message\":\"is required\"}]}"))
                .isNull();
    }

    @Test
    void aMissingRequiredHeaderIsFound() {
        assertThat(violation(202, Map.of("content-type", "application/json", "retry-after", "5"), ACCEPTED))
                .contains("Location");
    }

    @Test
    void aBodyThatBreaksItsSchemaIsFound() {
        assertThat(violation(202, ACCEPTED_HEADERS, ACCEPTED.replace("PENDING", "SUCCESS")))
                .isNotNull();
        assertThat(violation(
                        400,
                        PROBLEM,
                        "{\"type\":\"urn:problem:medsum:validation\",\"title\":\"T\",\"status\":400,"
                                + "\"detail\":\"d\",\"stack\":\"at io.medsum...\"}"))
                .isNotNull();
    }

    @Test
    void aContentTypeTheSpecDoesNotDeclareIsFound() {
        assertThat(violation(
                        202,
                        Map.of("content-type", "text/html", "location", STATUS_URL, "retry-after", "5"),
                        "<p>accepted</p>"))
                .isNotNull();
    }

    @Test
    void aStatusTheSpecDoesNotDeclareIsFound() {
        assertThat(violation(418, PROBLEM, "{\"type\":\"t\",\"title\":\"T\",\"status\":418,\"detail\":\"d\"}"))
                .isNotNull();
    }
}
