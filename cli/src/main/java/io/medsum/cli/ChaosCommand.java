package io.medsum.cli;

import io.medsum.local.chaos.ChaosReport;
import io.medsum.local.chaos.ChaosRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./medsum chaos}: the pipeline under injected faults, with its invariants checked. */
@Command(
        name = "chaos",
        mixinStandardHelpOptions = true,
        description = {
            "Runs N reports through a throwaway local stack while injecting faults, then checks the invariants.",
            "",
            "Faults: model throttling storms, 5xx and timeouts, latency "
                    + "spikes, duplicate deliveries, workers killed mid-batch, "
                    + "failed enqueues at ingest, writes stranded before their enqueue, a DynamoDB restart.",
            "Checks: every accepted report is SUCCESS or FAILED with "
                    + "a reason; accepted = SUCCESS + FAILED; every retryable "
                    + "FAILED report's message is in the DLQ; model calls per "
                    + "SUCCESS <= 1 + crashes / N; no duplicate summaries.",
            "Exit code 1 on any violation."
        })
final class ChaosCommand implements Callable<Integer> {
    @Option(names = "--reports", defaultValue = "1000", description = "How many reports (default: ${DEFAULT-VALUE}).")
    int reports;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of every random choice, so a run can be replayed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("medsum-chaos-");
        try {
            ChaosReport report = ChaosRun.run(new ChaosRun.Config(reports, seed, work, System.out));
            report.print(System.out);
            return report.passed() ? 0 : 1;
        } finally {
            deleteQuietly(work);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A scratch directory left in /tmp is harmless.
        }
    }
}
