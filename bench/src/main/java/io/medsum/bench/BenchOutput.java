package io.medsum.bench;

import io.medsum.local.infra.ProjectPaths;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where every benchmark writes: its section of docs/benchmarks.md, its charts, the functions' logs. */
public final class BenchOutput {
    @Option(names = "--doc", description = "Markdown file the dated section is appended to (default: docs/benchmarks.md of the checkout).")
    Path doc;

    @Option(names = "--no-doc", description = "Print the table only; append nothing.")
    boolean noDoc;

    @Option(names = "--charts", description = "Folder for PNG charts (default: docs/benchmarks of the checkout).")
    Path charts;

    @Option(names = "--logs", description = "Write the functions' logs (JSON lines, EMF metrics) to this file instead of discarding them.")
    Path logs;

    public static Path projectRoot() {
        String configured = System.getProperty(ProjectPaths.PROJECT_ROOT_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        return ProjectPaths.templateFile().toAbsolutePath().getParent();
    }

    public Path doc() {
        return doc != null ? doc : projectRoot().resolve("docs/benchmarks.md");
    }

    public Path charts() {
        return charts != null ? charts : projectRoot().resolve("docs/benchmarks");
    }

    public boolean appending() {
        return !noDoc;
    }

    public Path logs() {
        return logs;
    }
}
