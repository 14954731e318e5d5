package io.medsum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.local.LocalPipeline;
import io.medsum.local.LocalStack;
import io.medsum.local.bedrock.BedrockError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An operator's DLQ round trip on the local stack: the model throttles, reports fail, redrive, success. */
class DlqCommandTest {
    private static final Pattern REPORT_ID = Pattern.compile("reportId\\s+(REPORT-\\S+)");

    @TempDir
    Path dir;

    @Test
    void failedReportsAreListedThenRedrivenToSuccess() throws Exception {
        var options = LocalPipeline.Options.inMemory()
                .withEnvironment(
                        Map.of("RETRY_BASE_SECONDS", "0", "RETRY_CAP_SECONDS", "1", "MODEL_MAX_ATTEMPTS", "1"));
        try (LocalStack stack = LocalStack.start(new LocalStack.Config(dir.resolve(".medsum"), 0, true, options))) {
            String dataDir = dir.resolve(".medsum").toString();
            stack.pipeline().bedrock().faults().errorRate(1.0).errorKind(BedrockError.THROTTLING);
            Path report =
                    Files.writeString(dir.resolve("note.txt"), "ASSESSMENT: Migraine. PLAN: Sumatriptan as needed.");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Matcher m = REPORT_ID.matcher(
                        CliRun.of("submit", "--patient", "DLQ-1", report.toString(), "--data-dir", dataDir)
                                .out());
                assertThat(m.find()).isTrue();
                ids.add(m.group(1));
            }
            StackWaits.awaitDlqDepth(stack, 4);

            CliRun listed = CliRun.of("dlq", "list", "--data-dir", dataDir);
            assertThat(listed.out()).contains("4 message(s)");
            ids.forEach(id ->
                    assertThat(listed.out()).containsPattern(id + "\\s+RETRIES_EXHAUSTED\\s+\\d+\\s+\\S+\\s+FAILED"));
            assertThat(listed.out()).doesNotContain("Migraine");

            stack.pipeline().bedrock().faults().clear();
            CliRun one = CliRun.of("dlq", "redrive", "--report", ids.get(0), "--data-dir", dataDir);
            assertThat(one.exitCode()).as(one.out()).isZero();
            StackWaits.awaitStatus(dataDir, "DLQ-1", ids.get(0), "SUCCESS");

            CliRun all = CliRun.of("dlq", "redrive", "--data-dir", dataDir, "--max-per-second", "50");
            assertThat(all.exitCode()).as(all.out()).isZero();
            // ElasticMQ, like SQS before it has counted, gives no total to move: progress must not claim "of 0".
            assertThat(all.out())
                    .contains("redrive: COMPLETED, moved 3 message(s)")
                    .doesNotContainPattern("moved \\d+ of 0");
            for (String id : ids) {
                StackWaits.awaitStatus(dataDir, "DLQ-1", id, "SUCCESS");
            }
            assertThat(CliRun.of("dlq", "list", "--data-dir", dataDir).out()).contains("0 message(s)");

            // Every step above is in the audit trail: the submits, the listings, the redrives; never the text.
            CliRun audit = CliRun.of("audit", "--patient", "DLQ-1", "--data-dir", dataDir);
            assertThat(audit.exitCode()).as(audit.out()).isZero();
            assertThat(audit.out())
                    .contains("report.submit")
                    .contains("dlq.list")
                    .contains("DLQ-1/" + ids.get(0))
                    .doesNotContain("Migraine");
            assertThat(CliRun.of("audit", "--action", "dlq.redrive", "--data-dir", dataDir)
                            .out())
                    .contains("2 access(es)");
        }
    }
}
