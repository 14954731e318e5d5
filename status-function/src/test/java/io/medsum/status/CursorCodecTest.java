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
        String cursor = CursorCodec.encode(reportId);
        assertThat(cursor).doesNotContain(reportId).matches("[A-Za-z0-9_-]+");
        assertThat(CursorCodec.decode(cursor)).contains(reportId);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "!!!", "djE6", "bm90LWEtY3Vyc29y"})
    void rejectsCursorsItDidNotIssue(String cursor) {
        assertThat(CursorCodec.decode(cursor)).isEmpty();
    }

    @Test
    void rejectsAForgedCursorCarryingAnotherKeyShape() {
        String forged = Base64.getUrlEncoder().encodeToString("v1:IDEMPOTENCY#abc".getBytes(StandardCharsets.UTF_8));
        assertThat(CursorCodec.decode(forged)).isEmpty();
        assertThat(CursorCodec.decode("a".repeat(500))).isEmpty();
    }
}
