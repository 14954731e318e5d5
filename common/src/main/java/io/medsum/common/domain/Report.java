package io.medsum.common.domain;

import io.medsum.common.notify.PendingNotification;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One record of the PatientReports table, owned by the tenant that submitted it. Optional attributes are null when
 * absent ({@code review} until the faithfulness check asked for one, {@code grounding} unless the optional grounding
 * check scored the summary, {@code notification} once the terminal transition's notification is published).
 * {@code toString} is overridden because the record carries patient data.
 */
public record Report(
        String patientId,
        String reportId,
        String tenant,
        ReportStatus status,
        String originalText,
        String summary,
        String summarySource,
        String sourceSystem,
        Map<String, String> metadata,
        long createdAt,
        long updatedAt,
        long expiresAt,
        int attempts,
        String modelId,
        Integer inputTokens,
        Integer outputTokens,
        FailureCode lastErrorCode,
        String lastErrorMessage,
        Review review,
        Grounding grounding,
        PendingNotification notification) {

    public Report {
        // A copy the record owns, in the submission's order (metadata values are never null).
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * Whether the summary this record carries has been through the gate (SUCCESS, NEEDS_REVIEW, or reviewed). A
     * claimable record (PENDING, PROCESSING, redrivable FAILED) may carry a <em>held</em> summary instead: the model's
     * answer kept while the grounding check could not run, so the next attempt checks it without a second model call. A
     * held summary is never shown to anyone.
     */
    public boolean summaryIsChecked() {
        return summary != null
                && (status == ReportStatus.SUCCESS || status == ReportStatus.NEEDS_REVIEW || review != null);
    }

    public ReportKey key() {
        return new ReportKey(patientId, reportId);
    }

    /** A new PENDING record for a submission. */
    public static Report pending(
            ReportKey key, String tenant, ReportSubmission submission, long now, long retentionSeconds) {
        return new Report(
                key.patientId(),
                key.reportId(),
                tenant,
                ReportStatus.PENDING,
                submission.text(),
                null,
                null,
                submission.sourceSystem(),
                submission.metadata(),
                now,
                now,
                now + retentionSeconds,
                0,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    /** The same record with another pending-notification marker (null: none). */
    public Report withNotification(PendingNotification marker) {
        return new Report(
                patientId,
                reportId,
                tenant,
                status,
                originalText,
                summary,
                summarySource,
                sourceSystem,
                metadata,
                createdAt,
                updatedAt,
                expiresAt,
                attempts,
                modelId,
                inputTokens,
                outputTokens,
                lastErrorCode,
                lastErrorMessage,
                review,
                grounding,
                marker);
    }

    @Override
    public String toString() {
        return "Report[reportId=" + reportId + ", status=" + status + ", attempts=" + attempts + "]";
    }
}
