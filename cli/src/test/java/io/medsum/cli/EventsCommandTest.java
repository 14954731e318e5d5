package io.medsum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.common.aws.EventBridgePublisher;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportStatus;
import io.medsum.common.json.Json;
import io.medsum.common.notify.Notification;
import io.medsum.common.notify.NotificationIds;
import io.medsum.common.notify.NotificationType;
import io.medsum.local.LocalPipeline;
import io.medsum.local.LocalStack;
import io.medsum.local.bedrock.BedrockError;
import io.medsum.local.infra.LocalAwsClients;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./medsum events tail} against a running local stack: what the functions published, read back from the events
 * log group the template's rule writes, through the same FilterLogEvents path as for a deployed stack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventsCommandTest {
    private static final Pattern REPORT_ID = Pattern.compile("(REPORT-[0-9A-Z]{26})");
    private static final String TEXT = "ASSESSMENT: Migraine without aura. PLAN: Sumatriptan 50 mg as needed.";

    @TempDir
    static Path dir;

    private LocalStack stack;
    private String dataDir;
    private String succeeded;
    private String failed;

    @BeforeAll
    void startAStackWithOneSucceededAndOneFailedReport() throws Exception {
        dataDir = dir.resolve(".medsum").toString();
        var options = LocalPipeline.Options.inMemory()
                .withEnvironment(
                        Map.of("RETRY_BASE_SECONDS", "0", "RETRY_CAP_SECONDS", "1", "MODEL_MAX_ATTEMPTS", "1"));
        stack = LocalStack.start(new LocalStack.Config(dir.resolve(".medsum"), 0, true, options));
        Path note = Files.writeString(dir.resolve("note.txt"), TEXT);
        succeeded = submitAndWait("EV-1", note);
        stack.pipeline().bedrock().faults().errorRate(1.0).errorKind(BedrockError.VALIDATION);
        failed = submitAndWait("EV-2", note);
        stack.pipeline().bedrock().faults().clear();
        awaitTail(2);
    }

    @AfterAll
    void stop() {
        stack.close();
    }

    private String submitAndWait(String patient, Path note) {
        CliRun submitted = CliRun.of("submit", "--patient", patient, "--wait", note.toString(), "--data-dir", dataDir);
        Matcher id = REPORT_ID.matcher(submitted.out());
        assertThat(id.find()).as(submitted.out()).isTrue();
        return id.group(1);
    }

    /** The worker publishes right after its terminal write: wait until the tail shows it. */
    private void awaitTail(int notifications) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String out = "";
        while (System.nanoTime() < deadline) {
            out = CliRun.of("events", "tail", "--data-dir", dataDir).out();
            if (out.contains(notifications + " notification(s)")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("The tail never showed " + notifications + " notifications: " + out);
    }

    @Test
    void tailPrintsEachNotificationOnceNewestLastWithIdsAndOutcomeOnly() {
        CliRun tail = CliRun.of("events", "tail", "--data-dir", dataDir);

        assertThat(tail.exitCode()).as(tail.out()).isZero();
        List<String> lines = tail.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0))
                .contains("report.succeeded", succeeded, "EV-1", "SUCCESS", NotificationIds.PREFIX)
                .containsPattern(" - +" + NotificationIds.PREFIX);
        assertThat(lines.get(1)).contains("report.failed", failed, "EV-2", "FAILED", "MODEL_VALIDATION");
        assertThat(lines.get(2)).startsWith("2 notification(s) since ");
        assertThat(tail.out()).doesNotContain("Migraine").doesNotContain("Sumatriptan");
    }

    @Test
    void theTypeFilterAndTheWindowNarrowTheTail() {
        CliRun failures = CliRun.of("events", "tail", "--type", "report.failed", "--data-dir", dataDir);
        CliRun none = CliRun.of("events", "tail", "--type", "report.reviewed", "--data-dir", dataDir);

        assertThat(failures.out()).contains(failed).doesNotContain(succeeded).contains("1 notification(s)");
        assertThat(none.out()).contains("0 notification(s)");
        // A notification is logged at its transition's time: an empty window ending now holds neither.
        assertThat(CliRun.of("events", "tail", "--since", "PT0S", "--data-dir", dataDir)
                        .out())
                .contains("0 notification(s)");
    }

    @Test
    void jsonPrintsTheEventsAsLoggedOnePerLine() throws Exception {
        CliRun tail = CliRun.of("events", "tail", "--json", "--data-dir", dataDir);

        List<String> lines = tail.out().lines().toList();
        assertThat(lines).hasSize(2);
        var first = Json.parse(lines.get(0));
        assertThat(first.path("source").asText()).isEqualTo("medsum");
        assertThat(first.path("detail-type").asText()).isEqualTo("report.succeeded");
        assertThat(first.at("/detail/data/reportId").asText()).isEqualTo(succeeded);
        assertThat(Json.parse(lines.get(1)).at("/detail/data/reportId").asText())
                .isEqualTo(failed);
    }

    @Test
    void followPrintsWhatIsPublishedAfterItStarted() {
        String later = "REPORT-LATER";
        AtomicInteger reads = new AtomicInteger();
        CliRun tail = CliRun.of(
                cli -> {
                    EventsCommand.Tail command = (EventsCommand.Tail) cli.getSubcommands()
                            .get("events")
                            .getSubcommands()
                            .get("tail")
                            .getCommand();
                    command.pollInterval = Duration.ofMillis(100);
                    command.stopRequested = () -> switch (reads.incrementAndGet()) {
                        case 1 -> {
                            publish(new ReportKey("EV-3", later));
                            yield false;
                        }
                        case 2 -> false;
                        default -> true;
                    };
                },
                "events",
                "tail",
                "--follow",
                "--data-dir",
                dataDir);

        assertThat(tail.exitCode()).as(tail.out()).isZero();
        List<String> lines = tail.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).contains("report.succeeded", later, "EV-3");
        assertThat(tail.out()).doesNotContain("notification(s) since");
    }

    @Test
    void wrongOptionsAreUsageErrors() {
        assertThat(CliRun.of("events", "tail", "--type", "report.done", "--data-dir", dataDir)
                        .exitCode())
                .isEqualTo(2);
        assertThat(CliRun.of("events", "tail", "--since", "yesterday", "--data-dir", dataDir)
                        .exitCode())
                .isEqualTo(2);
        assertThat(CliRun.of(
                                "events",
                                "tail",
                                "--data-dir",
                                dir.resolve("nowhere").toString())
                        .exitCode())
                .isNotZero();
    }

    @Test
    void shortAndIsoDurationsMeanTheSame() {
        assertThat(EventsCommand.Tail.duration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(EventsCommand.Tail.duration("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(EventsCommand.Tail.duration("1h")).isEqualTo(Duration.parse("PT1H"));
        assertThat(EventsCommand.Tail.duration("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(EventsCommand.Tail.duration("P1D")).isEqualTo(Duration.ofDays(1));
    }

    /** What the worker does on a terminal transition: PutEvents to the stack's bus, through the real publisher. */
    private void publish(ReportKey key) {
        var info = stack.info();
        try (var events = LocalAwsClients.events(URI.create(info.servicesEndpoint()))) {
            new EventBridgePublisher(events, info.notificationBus())
                    .publish(
                            List.of(new Notification(
                                    NotificationIds.next(),
                                    NotificationType.SUCCEEDED,
                                    Instant.now(),
                                    "default",
                                    key,
                                    ReportStatus.SUCCESS,
                                    null)),
                            info.apiUrl());
        }
    }
}
