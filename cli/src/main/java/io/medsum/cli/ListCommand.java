package io.medsum.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.cli.api.MedsumApi;
import io.medsum.cli.api.Target;
import io.medsum.cli.api.TargetOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./medsum list PATIENT}: a patient's reports, newest first. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "Lists a patient's reports, newest first.")
final class ListCommand implements Callable<Integer> {
    @Mixin
    TargetOptions targetOptions;

    @Parameters(index = "0", paramLabel = "PATIENT")
    String patientId;

    @Option(
            names = "--limit",
            defaultValue = "10",
            description = "How many reports (default: ${DEFAULT-VALUE}; pages of at most 100).")
    int limit;

    @Override
    public Integer call() throws Exception {
        try (Target target = targetOptions.resolve()) {
            MedsumApi api = new MedsumApi(target);
            System.out.printf(
                    "%-34s %-10s %-8s %-20s %s%n", "REPORT", "STATUS", "ATTEMPTS", "CREATED", "SUMMARY / ERROR");
            String cursor = null;
            int shown = 0;
            do {
                int page = Math.min(100, limit - shown);
                String path = "/patients/" + patientId + "/reports?limit=" + page
                        + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
                MedsumApi.Answer answer = api.get(path);
                if (!answer.ok()) {
                    System.err.println(answer.problem());
                    return 1;
                }
                for (JsonNode item : answer.body().get("items")) {
                    String detail = item.hasNonNull("summary")
                            ? item.get("summary").asText()
                            : item.has("error")
                                    ? item.path("error").path("code").asText()
                                    : "";
                    System.out.printf(
                            "%-34s %-10s %-8d %-20s %s%n",
                            item.path("reportId").asText(),
                            item.path("status").asText(),
                            item.path("attempts").asInt(),
                            Instant.ofEpochSecond(item.path("createdAt").asLong())
                                    .toString()
                                    .replace("T", " ")
                                    .replace("Z", ""),
                            detail.length() > 60 ? detail.substring(0, 57) + "..." : detail);
                    shown++;
                }
                cursor = answer.body().path("nextCursor").isNull()
                        ? null
                        : answer.body().path("nextCursor").asText();
            } while (cursor != null && shown < limit);
            return 0;
        }
    }
}
