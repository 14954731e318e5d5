package io.medsum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.common.json.Json;
import io.medsum.local.bedrock.BedrockError;
import io.medsum.local.bedrock.LocalBedrockServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MedsumCliTest {
    @TempDir
    Path dataDir;

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cli = MedsumCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void everyCommandExplainsItselfInHelp() {
        assertThat(run("--help").out()).contains("local", "faults");
        assertThat(run("local", "--help").out())
                .contains(
                        "Runs the whole pipeline on this machine",
                        "--in-memory",
                        "--model-rpm",
                        "--model-error",
                        "--sqs-endpoint",
                        "--bedrock",
                        "--model-stop-reason",
                        "--model-lifecycle",
                        "not-ready");
        assertThat(run("faults", "--help").out()).contains("set", "clear", "show");
        assertThat(run("faults", "set", "--help").out())
                .contains("--model-error-rate", "--model-stop-reason", "--model-lifecycle", "not-ready");
        assertThat(run("submit", "--help").out()).contains("Submits one report", "--patient", "--meta", "--wait");
        assertThat(run("upload", "--help").out()).contains("Uploads many reports", "manifest", "--wait", "Exit code");
        assertThat(run("status", "--help").out()).contains("Shows one report");
        assertThat(run("list", "--help").out()).contains("newest first", "--limit");
        assertThat(run("dlq", "list", "--help").out()).contains("Never report text");
        assertThat(run("dlq", "redrive", "--help").out())
                .contains("StartMessageMoveTask", "--max-per-second", "--report");
        assertThat(run("upload", "--help").out()).contains("--api-url", "--api-key", "--stack");
    }

    @Test
    void benchIsListedAndPointsToItsOwnJar() {
        assertThat(run("--help").out()).contains("bench", "bench/target/medsum-bench.jar");

        Run bench = run("bench", "spike", "--reports", "3");

        assertThat(bench.exitCode()).isNotZero();
        assertThat(bench.err()).contains("./medsum bench spike --reports 3");
    }

    @Test
    void faultsChangeTheRunningStacksModel() throws Exception {
        try (LocalBedrockServer bedrock = LocalBedrockServer.start()) {
            Files.writeString(
                    dataDir.resolve("local.json"),
                    Json.write(Map.of("bedrockEndpoint", bedrock.endpoint().toString())));

            Run set = run(
                    "faults",
                    "--data-dir",
                    dataDir.toString(),
                    "set",
                    "--model-rpm",
                    "120",
                    "--model-error-rate",
                    "0.5",
                    "--model-error",
                    "access-denied",
                    "--model-latency-ms",
                    "25");

            assertThat(set.exitCode()).as(set.err()).isZero();
            assertThat(bedrock.faults().requestsPerMinute()).isEqualTo(120);
            assertThat(bedrock.faults().errorRate()).isEqualTo(0.5);
            assertThat(bedrock.faults().errorKind()).isEqualTo(BedrockError.ACCESS_DENIED);
            assertThat(bedrock.faults().latencyMs()).isEqualTo(25);

            assertThat(run("faults", "--data-dir", dataDir.toString(), "clear").exitCode())
                    .isZero();
            assertThat(bedrock.faults().errorRate()).isZero();
            assertThat(bedrock.faults().requestsPerMinute()).isZero();
        }
    }

    @Test
    void anUnknownErrorKindIsRefusedWithTheChoices() throws Exception {
        try (LocalBedrockServer bedrock = LocalBedrockServer.start()) {
            Files.writeString(
                    dataDir.resolve("local.json"),
                    Json.write(Map.of("bedrockEndpoint", bedrock.endpoint().toString())));
            Run bad = run("faults", "--data-dir", dataDir.toString(), "set", "--model-error", "gremlins");
            assertThat(bad.exitCode()).isNotZero();
            assertThat(bad.err()).contains("throttling");
        }
    }

    @Test
    void faultsWithoutARunningStackSayHowToStartOne() {
        Run run = run("faults", "--data-dir", dataDir.toString(), "show");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("./medsum local");
    }
}
