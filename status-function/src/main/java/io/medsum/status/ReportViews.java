package io.medsum.status;

import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportStatus;
import io.medsum.common.domain.Review;
import java.util.LinkedHashMap;
import java.util.Map;

/** The API's view of a record (DESIGN.md): everything but the original text and internal bookkeeping. */
final class ReportViews {
    private ReportViews() {}

    static Map<String, Object> of(Report r) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("patientId", r.patientId());
        view.put("reportId", r.reportId());
        view.put("status", r.status().name());
        // A summary held for a retried grounding check is unchecked: nobody sees it until the gate has passed it.
        if (r.summaryIsChecked()) {
            view.put("summary", r.summary());
            view.put("summarySource", r.summarySource());
        }
        if (r.lastErrorCode() != null && r.status() != ReportStatus.SUCCESS) {
            view.put("error", Map.of("code", r.lastErrorCode().name(), "message", r.lastErrorMessage()));
        }
        view.put("attempts", r.attempts());
        view.put("createdAt", r.createdAt());
        view.put("updatedAt", r.updatedAt());
        if (r.modelId() != null) {
            view.put("modelId", r.modelId());
        }
        if (r.inputTokens() != null && r.outputTokens() != null) {
            view.put("tokens", Map.of("input", r.inputTokens(), "output", r.outputTokens()));
        }
        if (r.review() != null) {
            view.put("review", review(r.review()));
        }
        if (r.grounding() != null && r.summaryIsChecked()) {
            view.put(
                    "grounding",
                    Map.of(
                            "score",
                            r.grounding().score(),
                            "threshold",
                            r.grounding().threshold()));
        }
        view.put("sourceSystem", r.sourceSystem());
        view.put("metadata", r.metadata());
        return view;
    }

    /** Findings are fragments of the summary: shown to the API's caller, as the summary is, and nowhere else. */
    private static Map<String, Object> review(Review review) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put(
                "findings",
                review.findings().stream()
                        .map(f -> Map.of("kind", f.kind(), "text", f.text()))
                        .toList());
        if (review.isDecided()) {
            view.put("decision", review.decision().wireName());
            view.put("by", review.by());
            view.put("at", review.at());
            if (review.comment() != null) {
                view.put("comment", review.comment());
            }
        }
        return view;
    }
}
