package io.medsum.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;

/** Prints a report view for people: status, summary or error, tokens. */
final class ReportPrinter {
    private ReportPrinter() {}

    static void print(JsonNode view, PrintStream out) {
        out.println("report    " + view.path("reportId").asText() + " (patient "
                + view.path("patientId").asText() + ")");
        out.println("status    " + view.path("status").asText() + " after "
                + view.path("attempts").asInt() + " attempt(s)");
        if (view.hasNonNull("summary")) {
            out.println("source    " + view.path("summarySource").asText() + ", model "
                    + view.path("modelId").asText()
                    + (view.has("tokens")
                            ? ", tokens in/out "
                                    + view.path("tokens").path("input").asInt() + "/"
                                    + view.path("tokens").path("output").asInt()
                            : ""));
            out.println("summary   " + view.get("summary").asText());
        }
        if (view.has("error")) {
            out.println("error     " + view.path("error").path("code").asText() + ": "
                    + view.path("error").path("message").asText());
        }
    }
}
