package io.medsum.cli.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportInputsTest {
    @TempDir
    Path dir;

    @Test
    void jsonlKeepsTheReportFieldsAndFilesTheClientsOwnIdAsMetadata() throws Exception {
        Path file = dir.resolve("corpus.jsonl");
        Files.writeString(
                file,
                "{\"patientId\":\"P-1\",\"reportId\":\"MTS-1\",\"text\":\"t\",\"sourceSystem\":\"mtsamples\",\"metadata\":{\"specialty\":\"X\"},\"extra\":1}\n\n{broken\n");

        List<InputRecord> records = ReportInputs.read(file, null);

        assertThat(records).hasSize(2);
        assertThat(records.get(0).line()).isEqualTo(1);
        assertThat(records.get(0).report()).containsOnlyKeys("patientId", "text", "sourceSystem", "metadata");
        assertThat(records.get(0).report().get("metadata"))
                .isEqualTo(Map.of("specialty", "X", "clientReportId", "MTS-1"));
        assertThat(records.get(1).line()).isEqualTo(3);
        assertThat(records.get(1).readable()).isFalse();
        assertThat(records.get(1).parseError()).doesNotContain("broken");
    }

    @Test
    void keysAreStableForTheSameContentAtTheSamePositionOnly() {
        assertThat(ReportInputs.key(1, "a")).isEqualTo(ReportInputs.key(1, "a")).startsWith("upload-");
        assertThat(ReportInputs.key(1, "a"))
                .isNotEqualTo(ReportInputs.key(2, "a"))
                .isNotEqualTo(ReportInputs.key(1, "b"));
    }

    @Test
    void csvColumnsBeyondTheReportFieldsBecomeMetadata() throws Exception {
        Path file = dir.resolve("r.csv");
        Files.writeString(
                file, "patientId,text,sourceSystem,urgency\nP-1,\"multi\nline, with comma\",Lab,HIGH\nP-2,plain,,\n");

        List<InputRecord> records = ReportInputs.read(file, null);

        assertThat(records).extracting(InputRecord::line).containsExactly(2, 3);
        assertThat(records.get(0).report())
                .containsEntry("text", "multi\nline, with comma")
                .containsEntry("sourceSystem", "Lab")
                .containsEntry("metadata", Map.of("urgency", "HIGH"));
        assertThat(records.get(1).report()).doesNotContainKeys("sourceSystem", "metadata");
    }

    @Test
    void directoryTextFilesTakeThePatientFromTheirNameUnlessGiven() throws Exception {
        Files.writeString(dir.resolve("PAT-9__a.txt"), "one");
        Files.writeString(dir.resolve("PAT-8.txt"), "two");
        Files.writeString(dir.resolve("ignored.pdf"), "x");

        assertThat(ReportInputs.read(dir, null))
                .extracting(r -> r.report().get("patientId"))
                .containsExactly("PAT-8", "PAT-9");
        assertThat(ReportInputs.read(dir, "FIXED"))
                .extracting(r -> r.report().get("patientId"))
                .containsOnly("FIXED");
    }
}
