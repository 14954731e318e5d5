package io.medsum.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import picocli.CommandLine;

/** Runs a command as the launcher would and captures what it prints. */
record CliRun(int exitCode, String out) {

    static CliRun of(String... args) {
        return of(cli -> {}, args);
    }

    /** @param prepare adjusts the parsed command tree before it runs (e.g. a test's stop hook) */
    static CliRun of(Consumer<CommandLine> prepare, String... args) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            CommandLine cli = MedsumCli.commandLine();
            prepare.accept(cli);
            int code = cli.execute(args);
            return new CliRun(code, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }
}
