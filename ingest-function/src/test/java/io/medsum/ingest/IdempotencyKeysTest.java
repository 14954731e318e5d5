package io.medsum.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.common.domain.ReportSubmission;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdempotencyKeysTest {
    @Test
    void sameKeyFromTwoCallersHashesDifferently() {
        assertThat(IdempotencyKeys.keyHash("iam:alice", "k1")).isNotEqualTo(IdempotencyKeys.keyHash("iam:bob", "k1"));
        assertThat(IdempotencyKeys.keyHash("iam:alice", "k1")).isEqualTo(IdempotencyKeys.keyHash("iam:alice", "k1"));
    }

    @Test
    void aKeyDerivedForABatchPositionEqualsNoKeyAClientCanSend() {
        String derived = IdempotencyKey.ofBatchPosition("K", 0).hash("iam:alice");
        assertThat(derived)
                .isNotEqualTo(IdempotencyKey.of("K#0").hash("iam:alice"))
                .isNotEqualTo(IdempotencyKey.of("K").hash("iam:alice"))
                .isNotEqualTo(IdempotencyKey.ofBatchPosition("K", 1).hash("iam:alice"))
                .isNotEqualTo(IdempotencyKey.ofBatchPosition("K", 0).hash("iam:bob"));
    }

    @Test
    void theLongestValidBatchKeyStillDerivesItemKeys() {
        String longest = "k".repeat(255);
        assertThat(IdempotencyKeys.isValid(longest)).isTrue();
        assertThat(IdempotencyKey.ofBatchPosition(longest, 499).hash("iam:alice"))
                .hasSize(64);
    }

    @Test
    void theHashDoesNotContainTheKey() {
        assertThat(IdempotencyKeys.keyHash("c", "my-secret-key"))
                .doesNotContain("my-secret-key")
                .hasSize(64);
    }

    @Test
    void fingerprintIgnoresMetadataOrderButNotContent() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("b", "2");
        ba.put("a", "1");
        var first = new ReportSubmission("p", "text", "S", ab);
        assertThat(IdempotencyKeys.fingerprint(first))
                .isEqualTo(IdempotencyKeys.fingerprint(new ReportSubmission("p", "text", "S", ba)));
        assertThat(IdempotencyKeys.fingerprint(first))
                .isNotEqualTo(IdempotencyKeys.fingerprint(new ReportSubmission("p", "text!", "S", ab)));
        assertThat(IdempotencyKeys.fingerprint(first))
                .isNotEqualTo(IdempotencyKeys.fingerprint(new ReportSubmission("q", "text", "S", ab)));
    }

    @Test
    void keysArePrintableAsciiUpTo255() {
        assertThat(IdempotencyKeys.isValid("order-123:abc")).isTrue();
        assertThat(IdempotencyKeys.isValid("k".repeat(255))).isTrue();
        assertThat(IdempotencyKeys.isValid("k".repeat(256))).isFalse();
        assertThat(IdempotencyKeys.isValid("")).isFalse();
        assertThat(IdempotencyKeys.isValid("tab\tkey")).isFalse();
        assertThat(IdempotencyKeys.isValid("clé")).isFalse();
    }
}
