package io.medsum.notifier.delivery;

import io.medsum.notifier.webhook.WebhookSecret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks symmetric signature (spec/standard-webhooks.md, "Signature scheme"): HMAC-SHA256 keyed with the
 * secret's decoded bytes over {@code <webhook-id>.<webhook-timestamp>.<body>}, sent as {@code v1,<base64>} in the
 * {@code webhook-signature} header. The id is the notification's, the same on every attempt; the timestamp is the
 * attempt's, so a retry is signed anew.
 */
public final class WebhookSignature {
    /** The symmetric scheme's identifier. */
    public static final String VERSION = "v1";

    private static final String ALGORITHM = "HmacSHA256";

    private WebhookSignature() {}

    /** The signed content: id, a full stop, the timestamp in Unix seconds, a full stop, the body's bytes. */
    public static byte[] signedContent(String webhookId, long timestampSeconds, byte[] body) {
        byte[] prefix = (webhookId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, content, 0, prefix.length);
        System.arraycopy(body, 0, content, prefix.length, body.length);
        return content;
    }

    /** The {@code webhook-signature} header value: {@code v1,<base64 HMAC-SHA256>}. */
    public static String sign(WebhookSecret secret, String webhookId, long timestampSeconds, byte[] body) {
        return VERSION + ","
                + Base64.getEncoder().encodeToString(mac(secret, signedContent(webhookId, timestampSeconds, body)));
    }

    /**
     * Whether any {@code v1} signature of a (space-separated) header value is this secret's over these values, compared
     * in constant time, as a receiver checks it. Other schemes in the list are ignored.
     */
    public static boolean verify(
            WebhookSecret secret, String webhookId, long timestampSeconds, byte[] body, String signatureHeader) {
        if (signatureHeader == null) {
            return false;
        }
        byte[] expected = mac(secret, signedContent(webhookId, timestampSeconds, body));
        for (String candidate : signatureHeader.trim().split(" +")) {
            int comma = candidate.indexOf(',');
            if (comma < 0 || !VERSION.equals(candidate.substring(0, comma))) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(candidate.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] mac(WebhookSecret secret, byte[] content) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.key(), ALGORITHM));
            return mac.doFinal(content);
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is a mandatory JCA algorithm and the key is never empty (WebhookSecret refuses one).
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
