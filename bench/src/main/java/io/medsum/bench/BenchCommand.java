package io.medsum.bench;

import io.medsum.bench.requests.RequestsBench;
import io.medsum.bench.spike.SpikeBench;
import io.medsum.cli.MedsumCli;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ./medsum bench <name>}: figures anyone can reproduce with one command each. The main class of the bench jar
 * (bench/target/medsum-bench.jar), which the launcher runs for {@code ./medsum bench ...}.
 */
@Command(
        name = "medsum bench",
        mixinStandardHelpOptions = true,
        versionProvider = MedsumCli.Version.class,
        description = {
            "Benchmarks against an in-memory local stack on 127.0.0.1. They print figures and assert nothing.",
            "Each prints a table of its figures. With --record it also appends "
                    + "a dated section, with the machine it ran on, to docs/benchmarks.md."
        },
        subcommands = {
            SpikeBench.class,
            WorkerBench.class,
            ColdStartBench.class,
            E2eBench.class,
            RequestsBench.class,
            SafetyBench.class,
            NotifyBench.class
        })
public final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new BenchCommand())
                // The reason, not a stack trace, as the CLI does.
                .setExecutionExceptionHandler((error, commandLine, parseResult) -> {
                    commandLine
                            .getErr()
                            .println("medsum bench " + commandLine.getCommandName() + ": " + error.getMessage());
                    return 1;
                });
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
