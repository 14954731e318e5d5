package io.medsum.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;

/** Prints a report view for people: status, summary or error, tokens. */
final class ReportPrinter {
    private ReportPrinter() {}

    /**
     * A fact-level finding names its fragment; a grounding or unchecked one covers the whole summary (or a long part of
     * it), so it says what the check concluded rather than repeating the summary printed just above.
     */
    static String findingLine(String kind, String text) {
        return switch (kind) {
            case "grounding" ->
                "unverified grounding: not supported by the report as a whole (" + text.length() + " characters"
                        + (text.length() > 60 ? ", from \"" + text.substring(0, 57) + "...\")" : ": \"" + text + "\")");
            case "unchecked" ->
                "unverified unchecked: a check could not run on this summary; read it against the report";
            default -> "unverified " + kind + ": " + text;
        };
    }

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
        if (view.has("grounding")) {
            JsonNode grounding = view.get("grounding");
            double score = grounding.path("score").asDouble();
            double threshold = grounding.path("threshold").asDouble();
            out.println("grounding " + String.format(Locale.ROOT, "%.2f", score) + " (threshold "
                    + String.format(Locale.ROOT, "%.2f", threshold) + ", "
                    + (score < threshold ? "below: not grounded in the report" : "grounded") + ")");
        }
        if (view.has("review")) {
            JsonNode review = view.get("review");
            for (JsonNode finding : review.path("findings")) {
                out.println(findingLine(
                        finding.path("kind").asText(), finding.path("text").asText()));
            }
            if (review.has("decision")) {
                out.println("review    " + review.path("decision").asText() + " by "
                        + review.path("by").asText() + " at "
                        + Instant.ofEpochSecond(review.path("at").asLong())
                        + (review.has("comment") ? ": " + review.path("comment").asText() : ""));
            } else {
                out.println("review    awaiting a decision: ./medsum review "
                        + view.path("patientId").asText() + " "
                        + view.path("reportId").asText() + " --approve|--reject");
            }
        }
        if (view.has("error")) {
            out.println("error     " + view.path("error").path("code").asText() + ": "
                    + view.path("error").path("message").asText());
        }
    }
}
