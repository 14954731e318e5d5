package io.medsum.common.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.common.domain.FailureCode;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportStatus;
import io.medsum.common.json.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The one JSON form of a notification: what EventBridge carries and what a webhook receives. */
class NotificationDocumentTest {
    private static final Notification FAILED = new Notification(
            "msg_01JABCDEFGHJKMNPQRSTVWXYZ0",
            NotificationType.FAILED,
            Instant.parse("2026-12-02T10:15:30Z"),
            "apikey:0123456789abcdef0123",
            new ReportKey("PATIENT-001", "REPORT-01JABCDEFGHJKMNPQRSTVWXYZ0"),
            ReportStatus.FAILED,
            FailureCode.RETRIES_EXHAUSTED);

    @Test
    void theDetailCarriesIdsAndTheOutcomeOnly() throws Exception {
        JsonNode detail = Json.MAPPER.readTree(NotificationDocument.detail(FAILED, "https://api.example/v1"));

        assertThat(detail.get("id").asText()).isEqualTo("msg_01JABCDEFGHJKMNPQRSTVWXYZ0");
        assertThat(detail.get("type").asText()).isEqualTo("report.failed");
        assertThat(detail.get("timestamp").asText()).isEqualTo("2026-12-02T10:15:30Z");
        assertThat(detail.get("tenant").asText()).isEqualTo("apikey:0123456789abcdef0123");
        JsonNode data = detail.get("data");
        assertThat(data.get("patientId").asText()).isEqualTo("PATIENT-001");
        assertThat(data.get("reportId").asText()).isEqualTo("REPORT-01JABCDEFGHJKMNPQRSTVWXYZ0");
        assertThat(data.get("status").asText()).isEqualTo("FAILED");
        assertThat(data.get("failureCode").asText()).isEqualTo("RETRIES_EXHAUSTED");
        assertThat(data.get("statusUrl").asText())
                .isEqualTo("https://api.example/v1/reports/PATIENT-001/REPORT-01JABCDEFGHJKMNPQRSTVWXYZ0");
        assertThat(data.size()).as("nothing else: no text, summary or metadata").isEqualTo(5);
    }

    @Test
    void aSuccessHasNoFailureCode() throws Exception {
        Notification succeeded = new Notification(
                "msg_x",
                NotificationType.SUCCEEDED,
                FAILED.timestamp(),
                FAILED.tenant(),
                FAILED.report(),
                ReportStatus.SUCCESS,
                null);
        JsonNode data = Json.MAPPER
                .readTree(NotificationDocument.detail(succeeded, "https://api.example/v1"))
                .get("data");
        assertThat(data.has("failureCode")).isFalse();
    }

    @Test
    void aRuleDeliveredEventReadsBackAndItsWebhookBodyIsTypeTimestampAndData() throws Exception {
        String event = "{\"version\":\"0\",\"id\":\"e1\",\"detail-type\":\"report.failed\",\"source\":\"medsum\","
                + "\"detail\":" + NotificationDocument.detail(FAILED, "https://api.example/v1") + "}";

        NotificationDocument.Received received =
                NotificationDocument.fromEvent(event).orElseThrow();

        assertThat(received.id()).isEqualTo(FAILED.id());
        assertThat(received.type()).isEqualTo(NotificationType.FAILED);
        assertThat(received.tenant()).isEqualTo(FAILED.tenant());
        assertThat(received.reportId()).isEqualTo(FAILED.report().reportId());
        JsonNode body = Json.MAPPER.readTree(received.webhookBody());
        assertThat(body.fieldNames()).toIterable().containsExactly("type", "timestamp", "data");
        assertThat(body.get("data"))
                .isEqualTo(Json.MAPPER.readTree(event).get("detail").get("data"));
        assertThat(received.webhookBody()).as("the same bytes every time").isEqualTo(received.webhookBody());
        assertThat(received.toString()).doesNotContain("PATIENT-001");
    }

    @Test
    void anythingElseOnTheQueueIsNotANotification() {
        assertThat(NotificationDocument.fromEvent("not json")).isEmpty();
        assertThat(NotificationDocument.fromEvent("{\"source\":\"other\",\"detail\":{}}"))
                .isEmpty();
        assertThat(NotificationDocument.fromEvent(
                        "{\"source\":\"medsum\",\"detail\":{\"id\":\"m\",\"type\":\"report.exploded\"}}"))
                .isEmpty();
    }
}
