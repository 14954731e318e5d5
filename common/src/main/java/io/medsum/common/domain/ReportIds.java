package io.medsum.common.domain;

import com.github.f4b6a3.ulid.UlidCreator;
import java.util.regex.Pattern;

/**
 * Report ids are {@code REPORT-} + a monotonic ULID: time-ordered, so a descending Query on the sort key lists a
 * patient's reports newest first, and unguessable enough not to leak a sequence.
 */
public final class ReportIds {
    public static final String PREFIX = "REPORT-";
    private static final Pattern FORMAT = Pattern.compile("^REPORT-[0-9A-HJKMNP-TV-Z]{26}$");

    private ReportIds() {}

    public static String next() {
        return PREFIX + UlidCreator.getMonotonicUlid();
    }

    public static boolean isValid(String reportId) {
        return reportId != null && FORMAT.matcher(reportId).matches();
    }
}
