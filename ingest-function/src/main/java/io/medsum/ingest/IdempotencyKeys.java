package io.medsum.ingest;

import io.medsum.common.domain.ReportSubmission;
import io.medsum.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Hashes for idempotency: the key scoped by tenant, and a fingerprint of what the request means. */
public final class IdempotencyKeys {
    private IdempotencyKeys() {}

    /** A valid key: 1-255 printable ASCII characters (the draft's sf-string). */
    public static boolean isValid(String key) {
        if (key == null || key.isEmpty() || key.length() > 255) {
            return false;
        }
        return key.chars().allMatch(c -> c >= 0x20 && c <= 0x7E);
    }

    /** Two tenants using the same key string get different hashes, so they never see each other's reports. */
    public static String keyHash(String tenant, String key) {
        return sha256(tenant + "\u0000" + key);
    }

    /**
     * The key a batch's Idempotency-Key stands for at one position. Its hash input has a part no client key can have (a
     * NUL: valid keys are printable ASCII), so no key a client sends ever equals it, and nothing is appended to the
     * validated key itself, so a valid batch key never becomes an invalid item key.
     */
    public static String batchItemKeyHash(String tenant, String batchKey, int position) {
        return sha256(tenant + "\u0000batch\u0000" + position + "\u0000" + batchKey);
    }

    /** Equal for the same submission whatever the JSON's key order or whitespace was. */
    public static String fingerprint(ReportSubmission s) {
        Map<String, Object> canonical = new LinkedHashMap<>();
        canonical.put("patientId", s.patientId());
        canonical.put("text", s.text());
        canonical.put("sourceSystem", s.sourceSystem());
        canonical.put("metadata", new TreeMap<>(s.metadata()));
        return sha256(Json.write(canonical));
    }

    private static String sha256(String value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
