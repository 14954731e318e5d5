package io.medsum.common.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Tenant ids: which client a caller's reports belong to. */
public final class Tenants {
    /** 20 hex digits (80 bits) of the hash: distinct for every key a deployment will ever have, and short. */
    private static final int HEX_DIGITS = 20;

    private Tenants() {}

    /**
     * The tenant of an API key: {@code apikey:} and a prefix of the key's SHA-256, so the id can be shown, logged and
     * stored without revealing the key.
     */
    public static String ofApiKey(String apiKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            return "apikey:" + HexFormat.of().formatHex(digest).substring(0, HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
