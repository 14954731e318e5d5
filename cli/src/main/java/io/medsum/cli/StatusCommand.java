package io.medsum.cli;

import io.medsum.cli.api.MedsumApi;
import io.medsum.cli.api.Target;
import io.medsum.cli.api.TargetOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code ./medsum status PATIENT REPORT}. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Shows one report: status, summary or error, tokens.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    TargetOptions targetOptions;

    @Parameters(index = "0", paramLabel = "PATIENT")
    String patientId;

    @Parameters(index = "1", paramLabel = "REPORT")
    String reportId;

    @Override
    public Integer call() throws Exception {
        try (Target target = targetOptions.resolve()) {
            MedsumApi.Answer answer = new MedsumApi(target).get("/reports/" + patientId + "/" + reportId);
            if (!answer.ok()) {
                System.err.println(answer.problem());
                return 1;
            }
            ReportPrinter.print(answer.body(), System.out);
            return 0;
        }
    }
}
