package io.medsum.cli.bench;

import picocli.CommandLine.Command;

/** {@code ./medsum bench <name>}: figures anyone can reproduce with one command each. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {
            "Benchmarks against an in-memory local stack on 127.0.0.1. Each prints a table and appends a dated",
            "section (with the machine) to docs/benchmarks.md. They print figures and assert nothing."},
        subcommands = {io.medsum.cli.bench.spike.SpikeBench.class, WorkerBench.class, ColdStartBench.class, E2eBench.class,
            io.medsum.cli.bench.requests.RequestsBench.class})
public final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
