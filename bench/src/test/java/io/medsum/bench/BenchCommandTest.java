package io.medsum.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.medsum.cli.testing.HelpText;
import io.medsum.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke runs of every ./medsum bench command at tiny sizes: each runs end to end, prints its table and, recorded,
 * appends its dated section. Figures are not checked: benchmarks assert nothing.
 */
class BenchCommandTest {
    @TempDir
    Path dir;

    /** A recorded run, into this test's folder rather than the checkout's docs. */
    private BenchRun bench(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--record", "--doc", dir.resolve("benchmarks.md").toString(), "--charts", dir.toString()));
        return BenchRun.of(all.toArray(String[]::new));
    }

    private String doc() throws Exception {
        return Files.readString(dir.resolve("benchmarks.md"));
    }

    @Test
    void spikeRunsBothDesignsAndDrawsTheChart() throws Exception {
        BenchRun run = bench("spike", "--reports", "8", "--rpm", "600", "--latency-ms", "50");

        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out())
                .contains("| client-visible errors")
                .contains("async pipeline (queue)")
                .contains("synchronous (original design)")
                .contains("MaxConcurrency 2 x WorkerParallelism 1");
        assertThat(doc())
                .startsWith("# Benchmarks")
                .contains("## spike — ")
                .contains("Machine: ")
                .contains("![spike: reports done over time](spike.png)");
        assertThat(dir.resolve("spike.png")).isNotEmptyFile();
    }

    @Test
    void workerPrintsTheGridNextToTheIdeal() throws Exception {
        BenchRun run = bench("worker", "--latencies-ms", "20", "--batch-sizes", "1,5", "--batches", "2");

        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out())
                .contains("| model latency")
                .contains("measured / ideal")
                .contains("| 20 ms         | 5 ");
        assertThat(doc()).contains("## worker — ");
    }

    @Test
    void notifyTimesEveryNotificationFromItsTerminalWriteToTheReceiver() throws Exception {
        BenchRun run = bench("notify", "--reports", "10", "--warmup", "2", "--rate", "50");

        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out())
                .contains("terminal write -> webhook received")
                .contains("write -> PutEvents returned")
                .containsPattern("\\| 10 +\\| terminal write -> webhook received");
        assertThat(doc()).contains("## notify — ");
    }

    @Test
    void coldstartRunsEachFunctionJarInAFreshJvm() throws Exception {
        Path root = Path.of(System.getProperty("medsum.project.root"));
        assumeTrue(
                Files.exists(root.resolve("worker-function/target"))
                        && Files.list(root.resolve("worker-function/target"))
                                .anyMatch(p -> p.toString().endsWith("-lambda.jar")),
                "the Lambda jars are built by the package phase");

        // CRT shows the SDK's system property reaching the functions: by classpath priority alone the SDK never picks
        // it.
        BenchRun run =
                bench("coldstart", "--runs", "1", "--warmup-rounds", "0", "--clients", "urlconnection,apache,crt");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        for (String function : List.of("IngestFunction", "WorkerFunction", "StatusFunction")) {
            for (String client : List.of("urlconnection", "apache", "crt")) {
                assertThat(run.out()).containsPattern("\\| " + function + " +\\| " + client + " +\\|");
            }
        }
        assertThat(run.out()).contains("+ crt client jars (aws-crt-").contains("+ apache client jars (apache-client-");
        assertThat(doc()).contains("## coldstart — ");
    }

    @Test
    void e2eUploadsACorpusAndFollowsItToSuccess() throws Exception {
        Path corpus = dir.resolve("corpus.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            lines.add(Json.write(Map.of(
                    "patientId",
                    "E2E-" + (i % 4),
                    "text",
                    "HISTORY: Visit " + i + ". ASSESSMENT: Stable. PLAN: Review.")));
        }
        Files.write(corpus, lines, StandardCharsets.UTF_8);

        BenchRun run = bench("e2e", "--corpus", corpus.toString(), "--limit", "20");

        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out())
                .contains("end to end (upload start -> last SUCCESS)")
                .contains("SUCCESS: 20");
        assertThat(doc()).contains("## e2e — ");
    }

    @Test
    void e2eSaysClearlyWhenTheCorpusIsMissing() {
        BenchRun run = bench("e2e", "--corpus", dir.resolve("nowhere.jsonl").toString());

        assertThat(run.exitCode()).isNotZero();
    }

    @Test
    void withoutRecordARunOnlyPrints() {
        Path doc = dir.resolve("benchmarks.md");

        BenchRun run = BenchRun.of("worker", "--latencies-ms", "20", "--batch-sizes", "1", "--batches", "1");

        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out())
                .contains("## worker — ")
                .contains("| model latency")
                .doesNotContain("Appended to");
        assertThat(doc).doesNotExist();
    }

    @Test
    void whereToRecordIsRefusedWithoutRecord() {
        BenchRun run =
                BenchRun.of("worker", "--doc", dir.resolve("benchmarks.md").toString());

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("--record");
    }

    @Test
    void everyDescriptionLineIsAWholeSentence() {
        assertThat(HelpText.brokenSentences(BenchCommand.commandLine())).isEmpty();
    }

    @Test
    void safetyRunsBothPassesAndPrintsTheGoals() throws Exception {
        Path corpus = dir.resolve("safety.jsonl");
        List<String> lines = new ArrayList<>();
        for (String text : List.of(
                "HISTORY: Shortness of breath for 2 days. MEDICATIONS: Aspirin 81 mg daily and metoprolol 25 mg twice "
                        + "daily. "
                        + "EXAM: No fever. Possible pneumonia in the left lower lobe. Blood pressure 150/90 mm Hg.",
                "IMPRESSION: A 12 mm nodule in the right upper lobe. The patient denies chest pain. PLAN: Follow-up in "
                        + "3 months.",
                "ASSESSMENT: Hypertension. Left knee pain for 6 weeks. PLAN: Ibuprofen 400 mg by mouth three times "
                        + "daily.")) {
            lines.add(Json.write(Map.of("patientId", "SAFE-1", "text", text)));
        }
        Files.write(corpus, lines, StandardCharsets.UTF_8);

        BenchRun run = bench("safety", "--corpus", corpus.toString(), "--reports", "3", "--seed", "7");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out())
                .contains("| recall: number")
                .contains("| recall: medication")
                .contains("false alarms (paraphrased")
                .contains("check time p50 / p95 / max")
                .contains("≥ 99 %")
                .contains("≤ 2 %");
        assertThat(doc()).contains("## safety — ");
    }

    @Test
    void requestsCountsCallsAndPricesThem() throws Exception {
        BenchRun run = bench(
                "requests",
                "--reports",
                "5",
                "--model-latency-ms",
                "10",
                "--corpus",
                dir.resolve("none.jsonl").toString());

        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out())
                .contains("BedrockRuntime Converse")
                .contains("Sqs ReceiveMessage")
                .contains("DynamoDb PutItem (report)")
                .contains("cost per 1,000 reports (USD)")
                .contains("**total**");
        assertThat(doc()).contains("## requests — ");
    }
}
