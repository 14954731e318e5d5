package io.medsum.worker.faithfulness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real sample reports (three MTSamples transcriptions, CC0, copied into mtsamples-excerpts.jsonl): a summary a
 * clinician would write passes, the same summary with one fact changed does not.
 */
class FaithfulnessCheckSamplesTest {
    private static final Map<String, String> REPORTS = new HashMap<>();
    private final FaithfulnessCheck check = new FaithfulnessCheck();

    @BeforeAll
    static void readExcerpts() throws IOException {
        ObjectMapper json = new ObjectMapper();
        try (InputStream in = FaithfulnessCheckSamplesTest.class.getResourceAsStream("mtsamples-excerpts.jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    JsonNode row = json.readTree(line);
                    REPORTS.put(row.get("reportId").asText(), row.get("text").asText());
                }
            }
        }
    }

    @Test
    void testicularUltrasound() {
        String report = REPORTS.get("MTS-00043");
        assertThat(check.check(
                        report,
                        "Left testicular swelling for one day. Ultrasound shows hypervascularity of "
                                + "the left epididymis compatible with left epididymitis, and bilateral hydroceles. "
                                + "The left "
                                + "epididymis measures up to 9 mm."))
                .isEmpty();
        assertThat(check.check(
                        report,
                        "Right testicular swelling for one day. Ultrasound shows right "
                                + "epididymitis with bilateral hydroceles."))
                .containsExactly(
                        new Finding(FindingKind.LATERALITY, "Right testicular"),
                        new Finding(FindingKind.LATERALITY, "right epididymitis"));
        assertThat(check.check(report, "Left epididymitis. The left epididymis measures 19 mm."))
                .containsExactly(new Finding(FindingKind.NUMBER, "19 mm"));
        assertThat(check.check(report, "Left testicular torsion."))
                .containsExactly(new Finding(FindingKind.DIAGNOSIS, "torsion"));
    }

    @Test
    void echocardiogram() {
        String report = REPORTS.get("MTS-00012");
        assertThat(check.check(
                        report,
                        "Mild aortic stenosis and mild left ventricular hypertrophy with normal "
                                + "systolic function. Moderate biatrial enlargement. Mild tricuspid regurgitation; "
                                + "right heart "
                                + "pressures 30-35 mmHg."))
                .isEmpty();
        assertThat(check.check(report, "Right heart pressures 30-45 mmHg."))
                .containsExactly(new Finding(FindingKind.NUMBER, "30-45 mmHg"));
    }

    @Test
    void prostateAdenocarcinoma() {
        String report = REPORTS.get("MTS-00066");
        assertThat(check.check(
                        report,
                        "A 75-year-old man with complete urinary obstruction underwent cystoscopy "
                                + "on 4/13 and transurethral resection of the prostate on 4/14. Pathology: "
                                + "well-differentiated "
                                + "adenocarcinoma of the prostate in 1 of 25 chips; 45 grams of tissue were resected. "
                                + "His family "
                                + "declined further treatment."))
                .isEmpty();
        assertThat(check.check(report, "An 85-year-old man underwent transurethral resection of the prostate."))
                .containsExactly(new Finding(FindingKind.NUMBER, "85-year-old"));
        assertThat(check.check(report, "Pathology showed squamous cell carcinoma of the prostate."))
                .containsExactly(new Finding(FindingKind.DIAGNOSIS, "squamous cell carcinoma"));
    }
}
