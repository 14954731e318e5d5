package io.medsum.common.domain;

import com.github.f4b6a3.ulid.Ulid;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Report ids are {@code REPORT-} + a ULID whose 48-bit time prefix orders them (a descending Query on the sort key
 * lists a patient's reports newest first) and whose 80-bit remainder comes fresh from a cryptographically secure source
 * for every id, so no id says anything about the next one (a monotonic ULID would: it adds one within a millisecond).
 *
 * <p>NativePRNG mixes bytes read from {@code /dev/urandom} on every call into its output, so environments restored from
 * one SnapStart snapshot still draw different ids (AWS Lambda, "Handling uniqueness with Lambda SnapStart",
 * docs.aws.amazon.com/lambda/latest/dg/snapstart-uniqueness.html, read 2026-12-02).
 */
public final class ReportIds {
    public static final String PREFIX = "REPORT-";
    private static final Pattern FORMAT = Pattern.compile("^REPORT-[0-9A-HJKMNP-TV-Z]{26}$");
    private static final int RANDOM_BYTES = 10;
    private static final SecureRandom RANDOM = secureRandom();

    private ReportIds() {}

    public static String next() {
        return next(Clock.systemUTC().millis());
    }

    /**
     * {@code count} fresh ids in ascending order, for a batch whose items must list in submission order: ids drawn in
     * the same millisecond are random among themselves, so they are sorted before they are handed out.
     */
    public static List<String> nextInOrder(int count) {
        long now = Clock.systemUTC().millis();
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(next(now));
        }
        Collections.sort(ids);
        return ids;
    }

    public static boolean isValid(String reportId) {
        return reportId != null && FORMAT.matcher(reportId).matches();
    }

    private static String next(long epochMillis) {
        byte[] random = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(random);
        return PREFIX + new Ulid(epochMillis, random);
    }

    private static SecureRandom secureRandom() {
        try {
            return SecureRandom.getInstance("NativePRNGNonBlocking");
        } catch (NoSuchAlgorithmException notOnThisPlatform) {
            return new SecureRandom(); // Windows: the platform's default strong source
        }
    }
}
