package io.medsum.notifier.webhook;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * A signing secret in the Standard Webhooks form: {@code whsec_} + base64 of 32 random bytes. Signatures are keyed with
 * the decoded bytes, not the string. {@code toString} shows nothing of it.
 */
public final class WebhookSecret {
    public static final String PREFIX = "whsec_";
    private static final int RANDOM_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    private WebhookSecret(byte[] key) {
        this.key = key.clone();
    }

    public static WebhookSecret generate() {
        byte[] key = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(key);
        return new WebhookSecret(key);
    }

    /** Reads {@code whsec_<base64>}; empty when it is not one. */
    public static Optional<WebhookSecret> parse(String value) {
        if (value == null || !value.startsWith(PREFIX)) {
            return Optional.empty();
        }
        try {
            byte[] key = Base64.getDecoder().decode(value.substring(PREFIX.length()));
            return key.length == 0 ? Optional.empty() : Optional.of(new WebhookSecret(key));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The signing key: the secret's decoded bytes. */
    public byte[] key() {
        return key.clone();
    }

    /** The form shown to the client once and stored in the secret store. */
    public String value() {
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WebhookSecret s && java.security.MessageDigest.isEqual(key, s.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "WebhookSecret[redacted]";
    }
}
