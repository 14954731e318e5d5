package io.medsum.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs a benchmark as the launcher would ({@code ./medsum bench ARGS}) and captures what it prints. */
record BenchRun(int exitCode, String out, String err) {

    static BenchRun of(String... args) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            CommandLine cli = BenchCommand.commandLine();
            cli.setErr(new PrintWriter(err, true));
            int code = cli.execute(args);
            return new BenchRun(code, captured.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(original);
        }
    }
}
