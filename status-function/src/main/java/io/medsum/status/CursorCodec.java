package io.medsum.status;

import io.medsum.common.domain.ReportIds;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque pagination cursors: the position (the last report id of a page) and an expiry, authenticated with an
 * HMAC-SHA256 over them and the tenant and patient they were issued for. A cursor forged, altered, replayed for another
 * patient or by another tenant, or older than {@link #LIFETIME} is refused, and none of them is parsed further than its
 * tag. Neither the tenant nor the patient id is in the cursor: only the MAC binds them.
 */
final class CursorCodec {
    static final Duration LIFETIME = Duration.ofHours(1);
    private static final String VERSION = "v3";
    private static final int TAG_BYTES = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final Supplier<byte[]> key;
    private final Clock clock;

    /** @param key the HMAC key, read when the first cursor is made or checked (from Secrets Manager when deployed) */
    CursorCodec(Supplier<byte[]> key, Clock clock) {
        this.key = key;
        this.clock = clock;
    }

    String encode(String tenant, String patientId, String lastReportId) {
        long expires = clock.instant().plus(LIFETIME).getEpochSecond();
        String position = lastReportId + "." + expires;
        String cursor = VERSION + "." + position + "." + ENCODER.encodeToString(tag(tenant, patientId, position));
        return ENCODER.encodeToString(cursor.getBytes(StandardCharsets.UTF_8));
    }

    /** The position, when the cursor is one this API issued to this tenant for this patient and it has not expired. */
    Optional<String> decode(String tenant, String patientId, String cursor) {
        if (cursor == null || cursor.length() > 160) {
            return Optional.empty();
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4 || !VERSION.equals(parts[0])) {
            return Optional.empty();
        }
        String position = parts[1] + "." + parts[2];
        byte[] presented;
        try {
            presented = Base64.getUrlDecoder().decode(parts[3]);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(presented, tag(tenant, patientId, position))) {
            return Optional.empty();
        }
        long expires;
        try {
            expires = Long.parseLong(parts[2]);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (clock.instant().getEpochSecond() > expires || !ReportIds.isValid(parts[1])) {
            return Optional.empty();
        }
        return Optional.of(parts[1]);
    }

    private byte[] tag(String tenant, String patientId, String position) {
        byte[] secret = key.get();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            // NUL-separated: none of the parts can contain one, so no two inputs run together.
            String input = VERSION + '\0' + tenant + '\0' + patientId + '\0' + position;
            return Arrays.copyOf(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)), TAG_BYTES);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }
}
