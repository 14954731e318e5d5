package io.medsum.common.audit;

/**
 * Where accesses to patient data are recorded. {@link #record} returns only once the entry is stored, and throws
 * {@link AuditUnavailableException} when it cannot be: callers answer 503 then, since an access that is not recorded
 * must not happen.
 */
public interface AuditTrail {
    void record(AuditEntry entry);

    /** The trail could not store an entry. The message names the failure, never the entry's content. */
    final class AuditUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public AuditUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
