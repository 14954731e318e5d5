package io.medsum.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code bench} in {@code ./medsum --help}: the benchmarks are their own module and jar (bench/, with the extra HTTP
 * clients and the chart library the CLI does not need), and the launcher runs that jar for {@code ./medsum bench ...}.
 * This only says so to someone who runs the CLI jar by hand.
 */
@Command(
        name = "bench",
        description =
                "Benchmarks (spike, worker, coldstart, e2e, requests) against an in-memory local stack. They run from their own "
                        + "jar, bench/target/medsum-bench.jar: see ./medsum bench --help.")
final class BenchElsewhere implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Unmatched
    List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() {
        String command = String.join(" ", "./medsum", "bench", String.join(" ", arguments))
                .strip();
        spec.commandLine()
                .getErr()
                .println("medsum bench: the benchmarks are not in this jar. Run them with " + command
                        + " (the launcher builds and runs bench/target/medsum-bench.jar).");
        return 2;
    }
}
