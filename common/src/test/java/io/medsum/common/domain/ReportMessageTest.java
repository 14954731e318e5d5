package io.medsum.common.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReportMessageTest {
    @Test
    void roundTripsAReportKey() {
        ReportKey key = new ReportKey("P-1", ReportIds.next());
        assertThat(ReportMessage.decode(ReportMessage.encode(key))).contains(key);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not json",
                "{}",
                "[1]",
                "{\"patientId\":\"p\"}",
                "{\"patientId\":\"a/b\",\"reportId\":\"REPORT-01ARZ3NDEKTSV4RRFFQ69G5FAV\"}",
                "{\"patientId\":\"p\",\"reportId\":\"x\"}"
            })
    void rejectsPoison(String body) {
        assertThat(ReportMessage.decode(body)).isEmpty();
    }

    @Test
    void aKeyPrintsWithoutThePatientId() {
        assertThat(new ReportKey("SECRET-PATIENT", "REPORT-X").toString()).doesNotContain("SECRET-PATIENT");
    }
}
