package io.medsum.common.http;

import io.medsum.common.domain.ReportKey;

/** Where clients poll a report, and how soon: shared by ingest (202) and status (while not terminal). */
public final class StatusLinks {
    /** Seconds a client should wait before polling again; summaries take seconds, not milliseconds. */
    public static final int RETRY_AFTER_SECONDS = 3;

    private StatusLinks() {}

    public static String statusUrl(String baseUrl, ReportKey key) {
        return baseUrl + "/reports/" + key.patientId() + "/" + key.reportId();
    }
}
