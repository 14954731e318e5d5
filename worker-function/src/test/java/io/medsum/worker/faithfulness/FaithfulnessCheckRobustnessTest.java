package io.medsum.worker.faithfulness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The check never throws, quotes the summary exactly, and reports its kinds in lower case. */
class FaithfulnessCheckRobustnessTest {
    private final FaithfulnessCheck check = new FaithfulnessCheck();

    @Test
    void missingTextsAreHandled() {
        assertThat(check.check("Aspirin 81 mg daily.", null)).isEmpty();
        assertThat(check.check("Aspirin 81 mg daily.", "  \n ")).isEmpty();
        assertThat(check.check(null, "Aspirin 81 mg daily."))
                .containsExactly(
                        new Finding(FindingKind.MEDICATION, "Aspirin"),
                        new Finding(FindingKind.DOSE, "81 mg"),
                        new Finding(FindingKind.FREQUENCY, "daily"));
        assertThat(check.check("", "The patient is doing well.")).isEmpty();
    }

    @Test
    void oddInputNeverThrowsAndFindingsQuoteTheSummary() {
        Random random = new Random(42);
        String alphabet = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 .,;:-/%()'\"\n\t"
                + "\u00b0\u00b5\u2013\u2019\u00d7\u00e9\u4e2d\ud83d\ude00";
        for (int round = 0; round < 300; round++) {
            String report = randomText(random, alphabet, random.nextInt(400));
            String summary = randomText(random, alphabet, 1 + random.nextInt(200));
            List<Finding> findings = check.check(report, summary);
            for (Finding f : findings) {
                assertThat(f.kind()).isNotEqualTo(FindingKind.UNCHECKED);
                assertThat(summary).contains(f.text());
            }
        }
        for (String summary : List.of(
                "1.",
                "x3",
                "q.",
                "b.i.d",
                "-",
                "...",
                "3/",
                "2024-13-45",
                "12/31/99999",
                "1,000,000,000,000,000,000,000 mg",
                ".5 mg",
                "5 - - 6 mg",
                "LLQ",
                "non-",
                "'s",
                "a.b.c.d.e.f.g.")) {
            assertThat(check.check("Aspirin 81 mg daily.", summary)).allSatisfy(f -> {
                assertThat(f.kind()).isNotEqualTo(FindingKind.UNCHECKED);
                assertThat(summary).contains(f.text());
            });
        }
    }

    @Test
    void aLongReportIsChecked() {
        String report = "Aspirin 81 mg daily. No chest pain. ".repeat(2_000);
        assertThat(check.check(report, "Aspirin 81 mg daily; no chest pain.")).isEmpty();
    }

    @Test
    void kindsAreLowerCaseInJson() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String text = json.writeValueAsString(new Finding(FindingKind.LATERALITY, "left knee"));
        assertThat(text).isEqualTo("{\"kind\":\"laterality\",\"text\":\"left knee\"}");
        assertThat(json.readValue(text, Finding.class)).isEqualTo(new Finding(FindingKind.LATERALITY, "left knee"));
    }

    private static String randomText(Random random, String alphabet, int length) {
        StringBuilder b = new StringBuilder();
        while (b.length() < length) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
