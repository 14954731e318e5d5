package io.medsum.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.common.domain.ReportIds;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CursorCodecTest {
    @Test
    void roundTripsAPosition() {
        String reportId = ReportIds.next();
        String cursor = CursorCodec.encode("P-1", reportId);
        assertThat(cursor).doesNotContain(reportId).doesNotContain("P-1").matches("[A-Za-z0-9_-]+");
        assertThat(CursorCodec.decode("P-1", cursor)).contains(reportId);
    }

    @Test
    void rejectsTheCursorOfAnotherPatient() {
        String cursor = CursorCodec.encode("P-1", ReportIds.next());
        assertThat(CursorCodec.decode("P-2", cursor)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "!!!", "djE6", "bm90LWEtY3Vyc29y"})
    void rejectsCursorsItDidNotIssue(String cursor) {
        assertThat(CursorCodec.decode("P-1", cursor)).isEmpty();
    }

    @Test
    void rejectsAForgedCursorCarryingAnotherKeyShape() {
        String forged = Base64.getUrlEncoder().encodeToString("v1:IDEMPOTENCY#abc".getBytes(StandardCharsets.UTF_8));
        assertThat(CursorCodec.decode("P-1", forged)).isEmpty();
        String unbound =
                Base64.getUrlEncoder().encodeToString(("v1:" + ReportIds.next()).getBytes(StandardCharsets.UTF_8));
        assertThat(CursorCodec.decode("P-1", unbound)).isEmpty();
        assertThat(CursorCodec.decode("P-1", "a".repeat(500))).isEmpty();
    }
}
