package io.medsum.cli.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a receiver checks a medsum delivery, by the Standard Webhooks scheme (github.com/standard-webhooks, spec
 * "Signature scheme" and "Verifying signatures"): {@code webhook-signature} holds space-separated signatures, each
 * {@code v1,} and the base64 HMAC-SHA256 of {@code {webhook-id}.{webhook-timestamp}.{body}} keyed with the secret's
 * base64-decoded bytes (the part after {@code whsec_}); one match, compared in constant time, within 5 minutes of the
 * receiver's clock, makes the delivery authentic.
 *
 * <p>Written from the specification, on the receiving side only and apart from the notifier's signer, so that each can
 * be tested against the other: a test that signs with the notifier and checks here catches a mistake in either.
 */
public final class SignatureCheck {
    /** How far {@code webhook-timestamp} may be from the receiver's clock, either way. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private static final String SECRET_PREFIX = "whsec_";
    private static final String VERSION = "v1";
    private static final String HMAC = "HmacSHA256";

    private final byte[] key;

    private SignatureCheck(byte[] key) {
        this.key = key;
    }

    /**
     * The check for a webhook's secret as the registration showed it ({@code whsec_...}; the bare base64 is taken too).
     *
     * @throws IllegalArgumentException when it is not base64 of at least one byte
     */
    public static SignatureCheck forSecret(String secret) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The secret is not whsec_ and base64", e);
        }
        if (key.length == 0) {
            throw new IllegalArgumentException("The secret is empty");
        }
        return new SignatureCheck(key);
    }

    /** The outcome: authentic, or why not. */
    public record Verdict(boolean valid, String reason) {
        static final Verdict OK = new Verdict(true, "");

        static Verdict invalid(String reason) {
            return new Verdict(false, reason);
        }

        /** {@code signature ok}, or {@code signature INVALID (why)}. */
        @Override
        public String toString() {
            return valid ? "signature ok" : "signature INVALID (" + reason + ")";
        }
    }

    /**
     * Checks one delivery as received: its three headers (null when absent) and the raw body bytes.
     *
     * @param now the receiver's clock
     */
    public Verdict verify(String webhookId, String timestamp, String signatures, byte[] body, Instant now) {
        if (webhookId == null || webhookId.isEmpty() || timestamp == null || signatures == null) {
            return Verdict.invalid("webhook-id, webhook-timestamp or webhook-signature is missing");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return Verdict.invalid("webhook-timestamp is not Unix seconds");
        }
        if (Math.abs(now.getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
            return Verdict.invalid(
                    "webhook-timestamp is more than " + TOLERANCE.toMinutes() + " minutes from this clock");
        }
        byte[] expected = signature(webhookId, timestamp.strip(), body).getBytes(StandardCharsets.US_ASCII);
        boolean versionSeen = false;
        for (String candidate : signatures.strip().split(" +")) {
            int comma = candidate.indexOf(',');
            if (comma < 0 || !candidate.substring(0, comma).equals(VERSION)) {
                continue;
            }
            versionSeen = true;
            if (MessageDigest.isEqual(expected, candidate.substring(comma + 1).getBytes(StandardCharsets.US_ASCII))) {
                return Verdict.OK;
            }
        }
        return Verdict.invalid(versionSeen ? "no v1 signature matches" : "no v1 signature");
    }

    /**
     * What a {@code v1} signature of this delivery is: {@code v1,} and the base64 HMAC. A receiver-side computation
     * (for checks and test deliveries), not a sender: the notifier signs with its own code.
     */
    public String expectedSignature(String webhookId, long timestamp, byte[] body) {
        return VERSION + "," + signature(webhookId, Long.toString(timestamp), body);
    }

    private String signature(String webhookId, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            mac.update((webhookId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return "SignatureCheck[key redacted]";
    }
}
