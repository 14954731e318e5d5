package io.medsum.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.notifier.webhook.WebhookSecret;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Signatures are the Standard Webhooks specification's, byte for byte. */
class WebhookSignatureTest {
    /*
     * The specification's published test vector, used by every one of its reference libraries. From
     * https://github.com/standard-webhooks/standard-webhooks (commit b2fa7b8), libraries/go/webhook_test.go,
     * TestWebhookSign:
     *
     *     key := "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
     *     msgID := "msg_p5jXN8AQM9LWM0D4loKWxJek"
     *     timestamp := time.Unix(1614265330, 0)
     *     payload := []byte(`{"test": 2432232314}`)
     *     expected := "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
     *
     * The same values are in libraries/java/src/test/java/com/standardwebhooks/TestScenario.java (validSigned),
     * libraries/javascript/src/webhook.test.ts and libraries/csharp/StandardWebhooks.Tests/WebhookTest.cs. The scheme
     * itself is spec/standard-webhooks.md, "Signature scheme": HMAC-SHA256 over msg_id.timestamp.payload, keyed with
     * the base64-decoded secret, sent as "v1," + base64.
     */
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SPEC_MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long SPEC_TIMESTAMP = 1614265330L;
    private static final byte[] SPEC_PAYLOAD = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static WebhookSecret secret(String value) {
        return WebhookSecret.parse(value).orElseThrow();
    }

    @Test
    void signsTheSpecificationsTestVector() {
        assertThat(WebhookSignature.sign(secret(SPEC_SECRET), SPEC_MSG_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD))
                .isEqualTo(SPEC_SIGNATURE);
    }

    @Test
    void verifiesTheSpecificationsTestVectorAndNothingElse() {
        WebhookSecret secret = secret(SPEC_SECRET);

        assertThat(WebhookSignature.verify(secret, SPEC_MSG_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD, SPEC_SIGNATURE))
                .isTrue();
        assertThat(WebhookSignature.verify(secret, SPEC_MSG_ID, SPEC_TIMESTAMP + 1, SPEC_PAYLOAD, SPEC_SIGNATURE))
                .isFalse();
        assertThat(WebhookSignature.verify(
                        secret, "msg_p5jXN8AQM9LWM0D4loKWxJeK", SPEC_TIMESTAMP, SPEC_PAYLOAD, SPEC_SIGNATURE))
                .isFalse();
        assertThat(WebhookSignature.verify(
                        secret,
                        SPEC_MSG_ID,
                        SPEC_TIMESTAMP,
                        "{\"test\":2432232314}".getBytes(StandardCharsets.UTF_8),
                        SPEC_SIGNATURE))
                .as("a re-serialized body")
                .isFalse();
        assertThat(WebhookSignature.verify(
                        WebhookSecret.generate(), SPEC_MSG_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD, SPEC_SIGNATURE))
                .isFalse();
    }

    @Test
    void aSignatureListIsCheckedEntryByEntryAndOtherSchemesAreSkipped() {
        String header = "v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg== "
                + "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4= " + SPEC_SIGNATURE;

        assertThat(WebhookSignature.verify(secret(SPEC_SECRET), SPEC_MSG_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD, header))
                .isTrue();
        assertThat(WebhookSignature.verify(
                        secret(SPEC_SECRET),
                        SPEC_MSG_ID,
                        SPEC_TIMESTAMP,
                        SPEC_PAYLOAD,
                        "v2," + SPEC_SIGNATURE.substring(3)))
                .isFalse();
        assertThat(WebhookSignature.verify(secret(SPEC_SECRET), SPEC_MSG_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD, null))
                .isFalse();
    }

    @Test
    void aFreshSecretSignsWhatItsOwnVerificationAccepts() {
        WebhookSecret secret = WebhookSecret.generate();
        byte[] body = "{\"type\":\"report.succeeded\"}".getBytes(StandardCharsets.UTF_8);

        String signature = WebhookSignature.sign(secret, "msg_01KB", 1_764_669_600L, body);

        assertThat(signature).startsWith("v1,");
        assertThat(WebhookSignature.verify(secret, "msg_01KB", 1_764_669_600L, body, signature))
                .isTrue();
        // The secret as the client was shown it verifies too: the key is its decoded bytes.
        assertThat(WebhookSignature.verify(
                        WebhookSecret.parse(secret.value()).orElseThrow(), "msg_01KB", 1_764_669_600L, body, signature))
                .isTrue();
    }

    @Test
    void theSignedContentIsIdTimestampAndBodyJoinedByFullStops() {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

        assertThat(new String(WebhookSignature.signedContent("msg_1", 1_700_000_000L, body), StandardCharsets.UTF_8))
                .isEqualTo("msg_1.1700000000.{\"a\":1}");
    }

    @Test
    void theSameIdAndBodySignTheSameContentAndOnlyTheAttemptsTimestampChangesIt() {
        WebhookSecret secret = WebhookSecret.generate();
        byte[] body = "{\"type\":\"report.failed\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(WebhookSignature.signedContent("msg_1", 1_700_000_000L, body))
                .isEqualTo(WebhookSignature.signedContent("msg_1", 1_700_000_000L, body.clone()));
        assertThat(WebhookSignature.sign(secret, "msg_1", 1_700_000_000L, body))
                .isEqualTo(WebhookSignature.sign(secret, "msg_1", 1_700_000_000L, body))
                .isNotEqualTo(WebhookSignature.sign(secret, "msg_1", 1_700_000_060L, body));
    }
}
