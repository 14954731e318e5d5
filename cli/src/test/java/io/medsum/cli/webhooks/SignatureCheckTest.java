package io.medsum.cli.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medsum.notifier.webhook.WebhookSecret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The receiver's check of a delivery, by the Standard Webhooks scheme, starting from the specification's own vector.
 */
class SignatureCheckTest {
    /**
     * The Standard Webhooks libraries' published test vector: github.com/standard-webhooks/standard-webhooks,
     * libraries/java/src/test/java/com/standardwebhooks/WebhookTest.java, verifyWebhookSignWorks (commit 14ae328; the
     * other languages' tests use the same values).
     */
    private static final String VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static final String VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long VECTOR_TIMESTAMP = 1614265330L;
    private static final byte[] VECTOR_BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static final Instant THEN = Instant.ofEpochSecond(VECTOR_TIMESTAMP);
    private final SignatureCheck check = SignatureCheck.forSecret(VECTOR_SECRET);

    private SignatureCheck.Verdict verify(String signatures, byte[] body, Instant now) {
        return check.verify(VECTOR_ID, Long.toString(VECTOR_TIMESTAMP), signatures, body, now);
    }

    @Test
    void theSpecificationsVectorChecksOut() {
        assertThat(check.expectedSignature(VECTOR_ID, VECTOR_TIMESTAMP, VECTOR_BODY))
                .isEqualTo(VECTOR_SIGNATURE);
        assertThat(verify(VECTOR_SIGNATURE, VECTOR_BODY, THEN).valid()).isTrue();
        assertThat(verify(VECTOR_SIGNATURE, VECTOR_BODY, THEN)).hasToString("signature ok");
    }

    @Test
    void theSecretIsTakenWithOrWithoutItsPrefix() {
        SignatureCheck bare = SignatureCheck.forSecret(VECTOR_SECRET.substring("whsec_".length()));

        assertThat(bare.verify(VECTOR_ID, "1614265330", VECTOR_SIGNATURE, VECTOR_BODY, THEN)
                        .valid())
                .isTrue();
        assertThatThrownBy(() -> SignatureCheck.forSecret("whsec_not base64!"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SignatureCheck.forSecret("whsec_")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oneMatchingSignatureAmongSeveralIsEnough() {
        String others = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2," + VECTOR_SIGNATURE.substring(3);

        assertThat(verify(others + " " + VECTOR_SIGNATURE, VECTOR_BODY, THEN).valid())
                .isTrue();
        assertThat(verify(others, VECTOR_BODY, THEN).reason()).isEqualTo("no v1 signature matches");
        assertThat(verify("v2," + VECTOR_SIGNATURE.substring(3), VECTOR_BODY, THEN)
                        .reason())
                .isEqualTo("no v1 signature");
    }

    @Test
    void aChangedBodyIdOrTimestampFails() {
        byte[] changed = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);

        assertThat(verify(VECTOR_SIGNATURE, changed, THEN).valid()).isFalse();
        assertThat(check.verify("msg_other", "1614265330", VECTOR_SIGNATURE, VECTOR_BODY, THEN)
                        .valid())
                .isFalse();
        assertThat(check.verify(VECTOR_ID, "1614265331", VECTOR_SIGNATURE, VECTOR_BODY, THEN.plusSeconds(1))
                        .valid())
                .isFalse();
        assertThat(SignatureCheck.forSecret("whsec_" + "A".repeat(43) + "=")
                        .verify(VECTOR_ID, "1614265330", VECTOR_SIGNATURE, VECTOR_BODY, THEN)
                        .valid())
                .isFalse();
    }

    @Test
    void aTimestampMoreThanFiveMinutesAwayEitherWayFails() {
        Duration five = SignatureCheck.TOLERANCE;

        assertThat(verify(VECTOR_SIGNATURE, VECTOR_BODY, THEN.plus(five)).valid())
                .isTrue();
        assertThat(verify(VECTOR_SIGNATURE, VECTOR_BODY, THEN.minus(five)).valid())
                .isTrue();
        assertThat(verify(VECTOR_SIGNATURE, VECTOR_BODY, THEN.plus(five).plusSeconds(1)))
                .hasToString("signature INVALID (webhook-timestamp is more than 5 minutes from this clock)");
        assertThat(verify(VECTOR_SIGNATURE, VECTOR_BODY, THEN.minus(five).minusSeconds(1))
                        .valid())
                .isFalse();
    }

    @Test
    void missingOrMalformedHeadersFail() {
        assertThat(check.verify(null, "1614265330", VECTOR_SIGNATURE, VECTOR_BODY, THEN)
                        .valid())
                .isFalse();
        assertThat(check.verify(VECTOR_ID, null, VECTOR_SIGNATURE, VECTOR_BODY, THEN)
                        .valid())
                .isFalse();
        assertThat(check.verify(VECTOR_ID, "1614265330", null, VECTOR_BODY, THEN)
                        .valid())
                .isFalse();
        assertThat(check.verify(VECTOR_ID, "yesterday", VECTOR_SIGNATURE, VECTOR_BODY, THEN)
                        .reason())
                .isEqualTo("webhook-timestamp is not Unix seconds");
        assertThat(verify("garbage", VECTOR_BODY, THEN).valid()).isFalse();
        assertThat(verify("v1,", VECTOR_BODY, THEN).valid()).isFalse();
    }

    @Test
    void takesTheSecretsTheRegistryHandsOut() {
        // The form POST /webhooks shows: whsec_ and 32 random bytes (the notifier's WebhookSecret).
        WebhookSecret secret = WebhookSecret.generate();
        SignatureCheck fromRegistry = SignatureCheck.forSecret(secret.value());
        String signature = fromRegistry.expectedSignature(VECTOR_ID, VECTOR_TIMESTAMP, VECTOR_BODY);

        assertThat(fromRegistry
                        .verify(VECTOR_ID, "1614265330", signature, VECTOR_BODY, THEN)
                        .valid())
                .isTrue();
        assertThat(check.verify(VECTOR_ID, "1614265330", signature, VECTOR_BODY, THEN)
                        .valid())
                .isFalse();
        assertThat(fromRegistry.toString()).doesNotContain(secret.value().substring(6));
    }
}
