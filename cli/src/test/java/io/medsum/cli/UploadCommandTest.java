package io.medsum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.cli.upload.UploadManifest;
import io.medsum.common.json.Json;
import io.medsum.local.LocalPipeline;
import io.medsum.local.LocalStack;
import io.medsum.local.infra.PrivateFiles;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** ./medsum upload against the local stack, as a bulk client uses it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadCommandTest {
    @TempDir
    static Path dir;

    private LocalStack stack;

    @BeforeAll
    void start() {
        stack = LocalStack.start(new LocalStack.Config(
                dir.resolve(".medsum"),
                0,
                true,
                LocalPipeline.Options.inMemory()
                        .withEnvironment(Map.of("RETRY_BASE_SECONDS", "0", "RETRY_CAP_SECONDS", "1"))));
    }

    @AfterAll
    void stop() {
        stack.close();
    }

    private String dataDir() {
        return dir.resolve(".medsum").toString();
    }

    private static String line(String patientId, String text, int n) {
        return Json.write(Map.of(
                "patientId",
                patientId,
                "text",
                text,
                "sourceSystem",
                "LoadTest",
                "metadata",
                Map.of("specialty", "General", "row", Integer.toString(n))));
    }

    @Test
    void anInterruptedUploadOf1000ReportsResumesWithoutDuplicatesAndAllSucceed() throws Exception {
        Path input = dir.resolve("thousand.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            lines.add(line(
                    "BULK-" + (i % 40),
                    "HISTORY: Visit " + i + ". ASSESSMENT: Condition " + i + " is stable. PLAN: Review in "
                            + (i % 12 + 1) + " weeks.",
                    i));
        }
        Files.write(input, lines, StandardCharsets.UTF_8);

        AtomicInteger chunksStarted = new AtomicInteger();
        CliRun interrupted = CliRun.of(
                cli -> ((UploadCommand) cli.getSubcommands().get("upload").getCommand()).stopRequested =
                        () -> chunksStarted.incrementAndGet() > 4,
                "upload",
                input.toString(),
                "--data-dir",
                dataDir(),
                "--concurrency",
                "2");
        assertThat(interrupted.exitCode()).isEqualTo(1);
        assertThat(interrupted.out()).contains("Accepted 400 now").contains("not yet accepted 600");

        // A crash can also lose answers the server already gave: drop the last 50 manifest lines.
        Path manifest = UploadManifest.pathFor(input);
        List<String> recorded = Files.readAllLines(manifest);
        Files.write(manifest, recorded.subList(0, recorded.size() - 50));

        CliRun resumed = CliRun.of("upload", input.toString(), "--data-dir", dataDir(), "--wait");

        assertThat(resumed.exitCode()).as(resumed.out()).isZero();
        assertThat(resumed.out()).contains("Accepted 650 now, 350 in earlier runs; rejected 0");
        assertThat(resumed.out()).containsPattern("SUCCESS\\s+1000");
        Map<String, Integer> rows = new HashMap<>();
        try (var dynamo = io.medsum.local.infra.LocalAwsClients.dynamoDb(
                URI.create(stack.info().dynamodbEndpoint()))) {
            dynamo.scanPaginator(b -> b.tableName(stack.info().tableName())
                            .filterExpression("begins_with(PatientID, :bulk)")
                            .expressionAttributeValues(Map.of(":bulk", AttributeValue.fromS("BULK-"))))
                    .items()
                    .forEach(item ->
                            rows.merge(item.get("Metadata").m().get("row").s(), 1, Integer::sum));
        }
        assertThat(rows).hasSize(1000);
        assertThat(rows.values()).allMatch(count -> count == 1);

        List<String> results = Files.readAllLines(dir.resolve("thousand.jsonl.results.jsonl"));
        assertThat(results).hasSize(1000);
        // Patient ids and summaries: readable by their owner only.
        assertThat(Files.getPosixFilePermissions(dir.resolve("thousand.jsonl.results.jsonl")))
                .isEqualTo(PrivateFiles.FILE);
        assertThat(Files.getPosixFilePermissions(manifest)).isEqualTo(PrivateFiles.FILE);
        JsonNode first = Json.parse(results.get(0));
        assertThat(first.get("line").asInt()).isEqualTo(1);
        assertThat(first.get("status").asText()).isEqualTo("SUCCESS");
        assertThat(first.get("summary").asText()).contains("Condition 1 is stable");
        assertThat(first.get("tokens").get("output").asInt()).isPositive();
    }

    @Test
    void rejectedLinesAreReportedWithTheirLineNumbersAndTheRestGoThrough() throws Exception {
        Path input = dir.resolve("mixed.jsonl");
        Files.write(
                input,
                List.of(
                        line("GOOD-1", "Fine report one.", 1),
                        line("bad/patient", "Report with a bad patient id.", 2),
                        line("GOOD-1", "Fine report three.", 3),
                        line("GOOD-1", "   ", 4),
                        line("GOOD-1", "x".repeat(51_201), 5),
                        "{this is not json",
                        line("GOOD-1", "Fine report seven.", 7)),
                StandardCharsets.UTF_8);

        CliRun run = CliRun.of("upload", input.toString(), "--data-dir", dataDir());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("Accepted 3 now").contains("rejected 4");
        assertThat(run.out()).contains("rejected mixed.jsonl:2: The report is invalid; patientId must be");
        assertThat(run.out()).contains("rejected mixed.jsonl:4: The report is invalid; text must not be empty");
        assertThat(run.out()).contains("rejected mixed.jsonl:5: The report text exceeds 51,200 bytes");
        assertThat(run.out()).contains("rejected mixed.jsonl:6: Request body is not valid JSON");
        assertThat(run.out()).doesNotContain("xxxxxxxx");
    }

    @Test
    void csvFilesAndDirectoriesAreInputsToo() throws Exception {
        Path csv = dir.resolve("reports.csv");
        Files.writeString(
                csv,
                "patientId,text,sourceSystem,department\nCSV-1,\"Chest pain,"
                        + " resolved.\",LabSystem,Cardiology\nCSV-1,Second report.,,\n");
        Path folder = Files.createDirectories(dir.resolve("notes"));
        Files.writeString(folder.resolve("DIR-7__visit1.txt"), "First visit note.");
        Files.writeString(folder.resolve("DIR-7__visit2.txt"), "Second visit note.");

        assertThat(CliRun.of("upload", csv.toString(), "--data-dir", dataDir(), "--wait")
                        .exitCode())
                .isZero();
        CliRun folderRun = CliRun.of("upload", folder.toString(), "--data-dir", dataDir(), "--wait");
        assertThat(folderRun.exitCode()).as(folderRun.out()).isZero();

        CliRun list = CliRun.of("list", "DIR-7", "--data-dir", dataDir());
        assertThat(list.out()).contains("SUCCESS").contains("Second visit note").contains("First visit note");
        assertThat(list.out().indexOf("Second visit")).isLessThan(list.out().indexOf("First visit"));
    }
}
