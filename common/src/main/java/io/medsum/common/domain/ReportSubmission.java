package io.medsum.common.domain;

import java.util.Map;

/** A validated report as a client submitted it. */
public record ReportSubmission(String patientId, String text, String sourceSystem, Map<String, String> metadata) {
    public static final String DEFAULT_SOURCE_SYSTEM = "unspecified";

    public ReportSubmission {
        metadata = Map.copyOf(metadata);
    }
}
