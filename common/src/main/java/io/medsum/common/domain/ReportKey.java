package io.medsum.common.domain;

import java.util.Objects;

/** The primary key of a report: PatientID (partition) and ReportID (sort). */
public record ReportKey(String patientId, String reportId) {
    public ReportKey {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(reportId, "reportId");
    }

    /** Never print the patient id: logs and exception messages only ever see the report id. */
    @Override
    public String toString() {
        return "ReportKey[reportId=" + reportId + "]";
    }
}
