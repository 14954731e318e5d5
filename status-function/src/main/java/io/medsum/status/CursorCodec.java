package io.medsum.status;

import io.medsum.common.domain.ReportIds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Opaque pagination cursors: a versioned, base64url-wrapped position, bound to the patient it was issued for (by a
 * short hash of the patient id, so the id itself is not repeated). Clients must not parse them; decoding accepts only a
 * well-formed report id for the same patient, so a forged cursor can never become a key of another shape, and a cursor
 * of another patient gets the contract's 400.
 */
final class CursorCodec {
    private static final String VERSION = "v2:";
    private static final int TAG_BYTES = 8;

    private CursorCodec() {}

    static String encode(String patientId, String lastReportId) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((VERSION + tag(patientId) + ":" + lastReportId).getBytes(StandardCharsets.UTF_8));
    }

    static Optional<String> decode(String patientId, String cursor) {
        if (cursor == null || cursor.length() > 128) {
            return Optional.empty();
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String prefix = VERSION + tag(patientId) + ":";
            if (!text.startsWith(prefix)) {
                return Optional.empty();
            }
            String reportId = text.substring(prefix.length());
            return ReportIds.isValid(reportId) ? Optional.of(reportId) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String tag(String patientId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(patientId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, TAG_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
