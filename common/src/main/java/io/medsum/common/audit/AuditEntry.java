package io.medsum.common.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One access to patient data, as the audit trail keeps it: who (tenant and principal), when, what, to which patients
 * and reports, and how it ended. Never report text, summaries or metadata: the trail exists to say who saw which
 * patient's reports, so it holds their ids and nothing of their content.
 *
 * @param crossTenant true when a cross-tenant reader saw another tenant's reports
 * @param status the HTTP status answered (0 for an operator command)
 * @param resources what the access named that is not a patient's report, by id: the webhooks a registration, listing or
 *     deletion was about ({@code wh_...}); empty for report accesses
 */
public record AuditEntry(
        Instant at,
        AuditAction action,
        String tenant,
        String principal,
        String outcome,
        int status,
        boolean crossTenant,
        List<Subject> subjects,
        String requestId,
        List<String> resources) {

    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(outcome, "outcome");
        subjects = List.copyOf(subjects);
        requestId = requestId == null ? "" : requestId;
        resources = resources == null ? List.of() : List.copyOf(resources);
    }

    /** An access to reports only, naming no other resource. */
    public AuditEntry(
            Instant at,
            AuditAction action,
            String tenant,
            String principal,
            String outcome,
            int status,
            boolean crossTenant,
            List<Subject> subjects,
            String requestId) {
        this(at, action, tenant, principal, outcome, status, crossTenant, subjects, requestId, List.of());
    }

    /** A patient, and the report when one is named (a listing of a patient with no reports names none). */
    public record Subject(String patientId, String reportId) {
        public Subject {
            Objects.requireNonNull(patientId, "patientId");
        }

        /** Never print the patient id: only the audit log itself holds it. */
        @Override
        public String toString() {
            return "Subject[reportId=" + reportId + "]";
        }
    }

    /** Patient ids stay out of anything that is not the audit log itself. */
    @Override
    public String toString() {
        return "AuditEntry[action=" + action.wireName() + ", outcome=" + outcome + ", subjects=" + subjects.size()
                + (resources.isEmpty() ? "" : ", resources=" + resources) + "]";
    }
}
