package io.medsum.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.common.domain.ReportIds;
import io.medsum.common.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CursorCodecTest {
    private static final String TENANT = "apikey:0123456789abcdef0123";
    private final MutableClock clock = MutableClock.at("2026-12-02T10:00:00Z");
    private final CursorCodec codec = new CursorCodec(() -> key("the-cursor-key"), clock);

    private static byte[] key(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void roundTripsAPositionWithoutShowingTheTenantOrPatient() {
        String reportId = ReportIds.next();
        String cursor = codec.encode(TENANT, "P-1", reportId);
        assertThat(cursor).doesNotContain("P-1").doesNotContain(TENANT).matches("[A-Za-z0-9_-]+");
        assertThat(codec.decode(TENANT, "P-1", cursor)).contains(reportId);
    }

    @Test
    void refusesTheCursorOfAnotherPatientOrTenant() {
        String cursor = codec.encode(TENANT, "P-1", ReportIds.next());
        assertThat(codec.decode(TENANT, "P-2", cursor)).isEmpty();
        assertThat(codec.decode("apikey:ffffffffffffffffffff", "P-1", cursor)).isEmpty();
    }

    @Test
    void refusesACursorOnceItExpired() {
        String cursor = codec.encode(TENANT, "P-1", ReportIds.next());
        clock.advance(CursorCodec.LIFETIME.minusSeconds(1));
        assertThat(codec.decode(TENANT, "P-1", cursor)).isPresent();
        clock.advance(Duration.ofSeconds(2));
        assertThat(codec.decode(TENANT, "P-1", cursor)).isEmpty();
    }

    @Test
    void refusesACursorMadeWithAnotherKey() {
        String cursor = new CursorCodec(() -> key("a-guessed-key"), clock).encode(TENANT, "P-1", ReportIds.next());
        assertThat(codec.decode(TENANT, "P-1", cursor)).isEmpty();
    }

    @Test
    void refusesAnAlteredPositionOrExpiry() {
        String text = new String(
                Base64.getUrlDecoder().decode(codec.encode(TENANT, "P-1", ReportIds.next())), StandardCharsets.UTF_8);
        String[] parts = text.split("\\.");
        String otherPosition = parts[0] + "." + ReportIds.next() + "." + parts[2] + "." + parts[3];
        String longerLife = parts[0] + "." + parts[1] + "." + (Long.parseLong(parts[2]) + 86_400) + "." + parts[3];
        for (String forged : new String[] {otherPosition, longerLife}) {
            String cursor =
                    Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes(StandardCharsets.UTF_8));
            assertThat(codec.decode(TENANT, "P-1", cursor)).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "!!!", "djE6", "bm90LWEtY3Vyc29y", "djMuYS5iLmM"})
    void refusesCursorsItDidNotIssue(String cursor) {
        assertThat(codec.decode(TENANT, "P-1", cursor)).isEmpty();
        assertThat(codec.decode(TENANT, "P-1", "a".repeat(500))).isEmpty();
    }
}
