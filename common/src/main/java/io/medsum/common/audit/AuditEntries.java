package io.medsum.common.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medsum.common.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit log's line format: one JSON object per entry, flat enough for CloudWatch Logs Insights to query
 * ({@code filter subjects.0.patientId = "X"}, or {@code parse}), and read back by {@code ./medsum audit}.
 */
public final class AuditEntries {
    private AuditEntries() {}

    public static String toJson(AuditEntry entry) {
        ObjectNode node = Json.object();
        node.put("at", entry.at().toString());
        node.put("action", entry.action().wireName());
        node.put("tenant", entry.tenant());
        node.put("principal", entry.principal());
        node.put("outcome", entry.outcome());
        node.put("status", entry.status());
        node.put("crossTenant", entry.crossTenant());
        ArrayNode subjects = node.putArray("subjects");
        for (AuditEntry.Subject subject : entry.subjects()) {
            ObjectNode item = subjects.addObject();
            item.put("patientId", subject.patientId());
            if (subject.reportId() != null) {
                item.put("reportId", subject.reportId());
            }
        }
        // A flat copy of the patient ids, so a Logs Insights query can match any of them with one `like`.
        node.put(
                "patients",
                String.join(
                        " ",
                        entry.subjects().stream()
                                .map(AuditEntry.Subject::patientId)
                                .distinct()
                                .toList()));
        node.put("requestId", entry.requestId());
        if (!entry.resources().isEmpty()) {
            ArrayNode resources = node.putArray("resources");
            entry.resources().forEach(resources::add);
        }
        return Json.write(node);
    }

    public static AuditEntry fromJson(String line) throws Json.InvalidJsonException {
        JsonNode node = Json.parse(line);
        List<AuditEntry.Subject> subjects = new ArrayList<>();
        for (JsonNode subject : node.path("subjects")) {
            subjects.add(new AuditEntry.Subject(
                    subject.path("patientId").asText(),
                    subject.hasNonNull("reportId") ? subject.get("reportId").asText() : null));
        }
        List<String> resources = new ArrayList<>();
        for (JsonNode resource : node.path("resources")) {
            resources.add(resource.asText());
        }
        return new AuditEntry(
                Instant.parse(node.path("at").asText()),
                AuditAction.fromWireName(node.path("action").asText()),
                node.path("tenant").asText(),
                node.path("principal").asText(),
                node.path("outcome").asText(),
                node.path("status").asInt(),
                node.path("crossTenant").asBoolean(),
                subjects,
                node.path("requestId").asText(""),
                resources);
    }
}
