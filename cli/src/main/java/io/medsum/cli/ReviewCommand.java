package io.medsum.cli;

import io.medsum.cli.api.MedsumApi;
import io.medsum.cli.api.Target;
import io.medsum.cli.api.TargetOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./medsum review PATIENT REPORT --approve|--reject}: a reviewer's decision on a NEEDS_REVIEW summary. */
@Command(
        name = "review",
        mixinStandardHelpOptions = true,
        description = {
            "Approves or rejects a summary that awaits review (status NEEDS_REVIEW).",
            "Approve makes it SUCCESS; reject makes it FAILED with REJECTED_IN_REVIEW. The API records who decided and "
                    + "when."
        })
final class ReviewCommand implements Callable<Integer> {
    @Mixin
    TargetOptions targetOptions;

    @Parameters(index = "0", paramLabel = "PATIENT")
    String patientId;

    @Parameters(index = "1", paramLabel = "REPORT")
    String reportId;

    @ArgGroup(multiplicity = "1")
    Decision decision;

    static final class Decision {
        @Option(names = "--approve", required = true, description = "The summary is correct as written.")
        boolean approve;

        @Option(names = "--reject", required = true, description = "The summary must not be used.")
        boolean reject;
    }

    @Option(names = "--comment", description = "Why, for the record (up to 2,000 characters).")
    String comment;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("decision", decision.approve ? "approve" : "reject");
        if (comment != null) {
            body.put("comment", comment);
        }
        try (Target target = targetOptions.resolve()) {
            MedsumApi.Answer answer =
                    new MedsumApi(target).post("/reports/" + patientId + "/" + reportId + "/review", body, Map.of());
            if (!answer.ok()) {
                System.err.println(answer.problem());
                return 1;
            }
            ReportPrinter.print(answer.body(), System.out);
            return 0;
        }
    }
}
