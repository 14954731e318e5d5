package io.medsum.common.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.common.json.Json;
import java.util.Map;
import java.util.Optional;

/** The queue message body: only the report's key, so report text never travels through SQS. */
public final class ReportMessage {
    private ReportMessage() {}

    public static String encode(ReportKey key) {
        return Json.write(Map.of("patientId", key.patientId(), "reportId", key.reportId()));
    }

    /** Empty when the body is not a well-formed report reference (a poison message). */
    public static Optional<ReportKey> decode(String body) {
        if (body == null || body.length() > 1024) {
            return Optional.empty();
        }
        try {
            JsonNode node = Json.parse(body);
            String patientId = node.path("patientId").textValue();
            String reportId = node.path("reportId").textValue();
            if (PatientIds.isValid(patientId) && ReportIds.isValid(reportId)) {
                return Optional.of(new ReportKey(patientId, reportId));
            }
            return Optional.empty();
        } catch (Json.InvalidJsonException e) {
            return Optional.empty();
        }
    }
}
