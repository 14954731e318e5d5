package io.medsum.common.observability;

/**
 * Keys of structured log fields (MDC). Logs carry report ids, codes and counts: never report text, summaries, metadata
 * values or patient ids.
 */
public final class LogFields {
    public static final String REPORT_ID = "reportId";
    public static final String CORRELATION_ID = "correlation_id";
    public static final String FAILURE_CODE = "failureCode";

    private LogFields() {}
}
