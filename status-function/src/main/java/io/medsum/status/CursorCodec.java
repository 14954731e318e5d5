package io.medsum.status;

import io.medsum.common.domain.ReportIds;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Opaque pagination cursors: a versioned, base64url-wrapped position. Clients must not parse them, and
 * decoding accepts only a well-formed report id, so a forged cursor can never become a key of another shape.
 */
final class CursorCodec {
    private static final String VERSION = "v1:";

    private CursorCodec() {}

    static String encode(String lastReportId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((VERSION + lastReportId).getBytes(StandardCharsets.UTF_8));
    }

    static Optional<String> decode(String cursor) {
        if (cursor == null || cursor.length() > 128) {
            return Optional.empty();
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!text.startsWith(VERSION)) {
                return Optional.empty();
            }
            String reportId = text.substring(VERSION.length());
            return ReportIds.isValid(reportId) ? Optional.of(reportId) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
