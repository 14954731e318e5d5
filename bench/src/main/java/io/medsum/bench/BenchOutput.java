package io.medsum.bench;

import io.medsum.local.infra.ProjectPaths;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where every benchmark writes: the console, and with --record its section of docs/benchmarks.md and its charts.
 * Recording is opt-in: a run made to try something out must not leave a section in the checkout's docs.
 */
public final class BenchOutput {
    @ArgGroup(exclusive = false)
    Recording recording;

    /** --doc and --charts only say where --record writes, so picocli refuses them without it. */
    static final class Recording {
        @Option(
                names = "--record",
                required = true,
                description =
                        "Append the dated section to docs/benchmarks.md and write the charts. Without it the run only prints.")
        boolean record;

        @Option(
                names = "--doc",
                description =
                        "With --record: the Markdown file to append to (default: docs/benchmarks.md of the checkout).")
        Path doc;

        @Option(
                names = "--charts",
                description = "With --record: the folder for PNG charts (default: docs/benchmarks of the checkout).")
        Path charts;
    }

    @Option(
            names = "--logs",
            description =
                    "Write the functions' logs (JSON lines, EMF metrics) to this file instead of discarding them.")
    Path logs;

    public static Path projectRoot() {
        String configured = System.getProperty(ProjectPaths.PROJECT_ROOT_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        return ProjectPaths.templateFile().toAbsolutePath().getParent();
    }

    public boolean recording() {
        return recording != null;
    }

    public Path doc() {
        return recording != null && recording.doc != null
                ? recording.doc
                : projectRoot().resolve("docs/benchmarks.md");
    }

    public Path charts() {
        return recording != null && recording.charts != null
                ? recording.charts
                : projectRoot().resolve("docs/benchmarks");
    }

    public Path logs() {
        return logs;
    }
}
