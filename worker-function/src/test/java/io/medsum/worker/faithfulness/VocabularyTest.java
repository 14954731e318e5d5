package io.medsum.worker.faithfulness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generated vocabulary: provenance on every file, a small footprint, and the entries the check relies on. */
class VocabularyTest {
    private static final List<String> FILES = List.of(
            "wordnet-clinical.tsv",
            "wordnet-common.txt",
            "wordnet-exceptions.tsv",
            "ctakes-assertion-cues.tsv",
            "snowball-stopwords.txt",
            "hl7-dosing-codes.tsv",
            "ucum-units.tsv");

    private static String read(String file) throws IOException {
        try (InputStream in = Vocabulary.class.getResourceAsStream("/io/medsum/worker/faithfulness/" + file)) {
            assertThat(in).as(file).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyFileNamesItsSourceLicenceAndDate() throws IOException {
        long total = 0;
        for (String file : FILES) {
            String text = read(file);
            total += text.getBytes(StandardCharsets.UTF_8).length;
            List<String> lines = text.lines().limit(4).toList();
            assertThat(lines.get(0)).as(file).startsWith("# source: ");
            assertThat(lines.get(1)).as(file).startsWith("# licence: ");
            assertThat(lines.get(2))
                    .as(file)
                    .matches("# generated: \\d{4}-\\d{2}-\\d{2} by scripts/refresh-vocabulary.sh.*");
            assertThat(lines.get(3)).as(file).startsWith("# columns: ");
        }
        assertThat(total).as("bytes of vocabulary in the worker jar").isLessThan(600_000);
    }

    @Test
    void theVocabularyHoldsWhatTheCheckNeeds() {
        Vocabulary v = Vocabulary.get();
        assertThat(Vocabulary.loadNanos()).isPositive();
        assertThat(v.drugConcepts).isGreaterThan(500);
        assertThat(v.phrases.size()).isGreaterThan(9_000);
        assertThat(v.commonStems.size()).isGreaterThan(10_000);
        // brand and generic share a concept; synonyms share one
        assertThat(v.phrases.get(v.key("lipitor")).concepts)
                .containsAnyOf(v.phrases.get(v.key("atorvastatin")).concepts);
        assertThat(v.phrases.get(v.key("shortness of breath")).concepts)
                .containsAnyOf(v.phrases.get(v.key("sob")).concepts);
        assertThat(v.phrases.get(v.key("high blood pressure")).concepts)
                .containsExactly(v.phrases.get(v.key("hypertension")).concepts);
        assertThat(v.phrases.get(v.key("afebrile")).negated).containsExactly(v.phrases.get(v.key("fever")).concepts);
        // HL7 codes read through their definitions
        assertThat(v.frequencyCodes)
                .containsEntry("bid", "2/d")
                .containsEntry("tid", "3/d")
                .containsEntry("qid", "4/d")
                .containsEntry("qhs", "hs")
                .containsEntry("prn", "prn")
                .containsEntry("q8h", "3/d")
                .containsEntry("qod", "qod");
        assertThat(v.routeCodes)
                .containsEntry("po", "PO")
                .containsEntry("iv", "IV")
                .containsEntry("sq", "SC");
        assertThat(v.modifiers).containsKeys("left", "right", "bilateral", "llq");
        assertThat(v.units.get("mmhg").code()).isEqualTo("mm[Hg]");
        assertThat(v.units.get(v.key("milligrams")).code()).isEqualTo("mg");
        assertThat(v.cues)
                .containsEntry("denies", Vocabulary.CueKind.NEGATION)
                .containsEntry("possible", Vocabulary.CueKind.SPECULATION)
                .doesNotContainKey("failure");
        assertThat(v.stopwords).contains("the", "of", "with");
    }
}
