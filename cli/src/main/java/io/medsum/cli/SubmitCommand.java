package io.medsum.cli;

import io.medsum.cli.api.MedsumApi;
import io.medsum.cli.api.Target;
import io.medsum.cli.api.TargetOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./medsum submit}: one report from a file or standard input. */
@Command(
        name = "submit",
        mixinStandardHelpOptions = true,
        description =
                "Submits one report (the text of FILE, or of standard input with -) and prints its id and status URL.")
final class SubmitCommand implements Callable<Integer> {
    @Mixin
    TargetOptions targetOptions;

    @Option(
            names = "--patient",
            required = true,
            description = "Patient id (A-Z, a-z, 0-9, '.', '_', '-'; at most 64).")
    String patientId;

    @Option(names = "--source", description = "Source system, e.g. MedicalRecord or LabSystem.")
    String sourceSystem;

    @Option(names = "--meta", description = "Metadata entry key=value (repeatable), e.g. --meta urgency=HIGH.")
    Map<String, String> metadata = new LinkedHashMap<>();

    @Option(names = "--idempotency-key", description = "Makes a retry of this command return the same report.")
    String idempotencyKey;

    @Option(names = "--wait", description = "Poll until the report is SUCCESS or FAILED and print the summary.")
    boolean waitForResult;

    @Parameters(index = "0", paramLabel = "FILE", description = "File with the report text, or - for standard input.")
    String file;

    @Override
    public Integer call() throws Exception {
        String text = file.equals("-") ? read(System.in) : Files.readString(Path.of(file), StandardCharsets.UTF_8);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("patientId", patientId);
        body.put("text", text);
        if (sourceSystem != null) {
            body.put("sourceSystem", sourceSystem);
        }
        if (!metadata.isEmpty()) {
            body.put("metadata", metadata);
        }
        try (Target target = targetOptions.resolve()) {
            MedsumApi api = new MedsumApi(target);
            MedsumApi.Answer answer = api.post(
                    "/summarize", body, idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey));
            if (!answer.ok()) {
                System.err.println("Rejected: " + answer.problem());
                return 1;
            }
            String statusUrl = answer.body().get("statusUrl").asText();
            System.out.println("reportId  " + answer.body().get("reportId").asText());
            System.out.println("status    " + answer.body().get("status").asText());
            System.out.println("statusUrl " + statusUrl);
            if (!waitForResult) {
                return 0;
            }
            MedsumApi.Answer done = new StatusPoller(api).awaitTerminal(statusUrl);
            ReportPrinter.print(done.body(), System.out);
            return "SUCCESS".equals(done.body().path("status").asText()) ? 0 : 3;
        }
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
