package io.medsum.cli;

import io.medsum.cli.api.MedsumApi;
import io.medsum.cli.api.Target;
import io.medsum.cli.api.TargetOptions;
import io.medsum.cli.upload.InputRecord;
import io.medsum.cli.upload.Progress;
import io.medsum.cli.upload.ReportFollower;
import io.medsum.cli.upload.ReportInputs;
import io.medsum.cli.upload.UploadManifest;
import io.medsum.cli.upload.Uploader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./medsum upload}: thousands of reports with one command, resumable. */
@Command(
        name = "upload",
        mixinStandardHelpOptions = true,
        description = {
            "Uploads many reports through POST /reports/batch, 100 a request, several requests in flight.",
            "",
            "INPUT is a .jsonl file (one {patientId, text, sourceSystem?, metadata?} object a line), a .csv file (columns "
                    + "patientId, text, sourceSystem; other columns become metadata) or a directory of .txt and .json files.",
            "Each report gets a stable Idempotency-Key from its position and content, and <INPUT>.medsum-manifest.jsonl records "
                    + "what became of each line, so an interrupted upload run again resumes without duplicates.",
            "--wait follows every report to SUCCESS or FAILED and writes <INPUT>.results.jsonl.",
            "Exit code: 0 all accepted (and, with --wait, all SUCCESS), 1 some lines rejected or not yet accepted, "
                    + "3 some reports FAILED."
        })
final class UploadCommand implements Callable<Integer> {
    @Mixin
    TargetOptions targetOptions;

    @Parameters(index = "0", paramLabel = "INPUT", description = "FILE.jsonl, FILE.csv or DIR.")
    Path input;

    @Option(
            names = "--wait",
            description = "Follow every accepted report to SUCCESS or FAILED, then write the results file.")
    boolean waitForResults;

    @Option(
            names = "--concurrency",
            defaultValue = "4",
            description = "Batch requests in flight (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(
            names = "--patient",
            description = "Patient id for the .txt files of a directory (default: the file name before '.' or '__').")
    String patientId;

    @Option(
            names = "--wait-timeout-minutes",
            defaultValue = "120",
            description = "Give up waiting after this long (default: ${DEFAULT-VALUE}).")
    long waitTimeoutMinutes;

    /** Tests interrupt an upload part-way through this hook; the command itself never stops early. */
    BooleanSupplier stopRequested = () -> false;

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(input)) {
            throw new IllegalArgumentException("No such file or directory: " + input);
        }
        PrintStream out = System.out;
        List<InputRecord> inputs = ReportInputs.read(input, patientId);
        try (Target target = targetOptions.resolve();
                UploadManifest manifest = UploadManifest.open(input)) {
            MedsumApi api = new MedsumApi(target);
            out.printf(
                    "Uploading %d reports from %s to %s (manifest %s)%n",
                    inputs.size(), input, target.describe(), manifest.file());
            Progress progress = new Progress(out, System.console() != null, inputs.size());
            Uploader.Result result =
                    new Uploader(api, manifest, Math.max(1, concurrency), out).upload(inputs, progress, stopRequested);
            progress.finish();

            out.printf(
                    "Accepted %d now, %d in earlier runs; rejected %d; not yet accepted %d; %.1f reports/s%n",
                    result.accepted(),
                    result.alreadyAccepted(),
                    result.rejected().size(),
                    result.deferred(),
                    result.reportsPerSecond());
            for (Uploader.Rejection rejection : result.rejected()) {
                out.printf("  rejected %s: %s%n", rejection.source(), rejection.reason());
            }
            if (result.deferred() > 0) {
                out.println("  Run the same command again to send the reports not yet accepted.");
            }
            int exit = result.allAccepted() ? 0 : 1;
            if (!waitForResults) {
                return exit;
            }
            ReportFollower.Outcome outcome = new ReportFollower(api, 8, Duration.ofMinutes(waitTimeoutMinutes))
                    .follow(manifest.accepted(), ReportFollower.resultsPathFor(input), out);
            out.printf("%n%-22s %8s%n", "OUTCOME", "REPORTS");
            out.printf("%-22s %8d%n", "SUCCESS", outcome.success());
            outcome.failedByCode().forEach((code, count) -> out.printf("%-22s %8d%n", "FAILED " + code, count));
            if (outcome.unfinished() > 0) {
                out.printf("%-22s %8d%n", "still unfinished", outcome.unfinished());
            }
            out.printf("%-22s %8d%n", "rejected at upload", result.rejected().size());
            out.println("Results: " + outcome.resultsFile());
            return outcome.failed() > 0 ? 3 : outcome.unfinished() > 0 ? 1 : exit;
        }
    }
}
