package io.medsum.local.bedrock;

import java.util.Optional;

/**
 * What the stand-in does to an extractive summary before answering, by its switches: paraphrase it
 * ({@link ModelFaults#paraphrase(boolean)}) and, in the seeded share {@link ModelFaults#hallucinationRate(double)},
 * alter one fact ({@link FactAlteration}). Each result is recorded in the {@link RewriteLog} under the report's digest.
 */
public final class SummaryRewriter {
    /** The summary to answer with and what was done to it. */
    public record Result(String text, RewriteLog.Rewrite rewrite, String detail) {}

    private final ModelFaults faults;
    private final RewriteLog log;
    private final SummaryParaphraser paraphraser = new SummaryParaphraser();
    private volatile FactAlteration alteration;

    public SummaryRewriter(ModelFaults faults, RewriteLog log) {
        this.faults = faults;
        this.log = log;
    }

    public Result rewrite(String report, String summary) {
        boolean paraphrase = faults.paraphrase();
        boolean hallucinate = faults.drawHallucination();
        Result result = new Result(summary, RewriteLog.Rewrite.NONE, "");
        if (paraphrase) {
            SummaryParaphraser.Paraphrase p = paraphraser.paraphrase(summary);
            if (p.changed()) {
                result = new Result(p.text(), RewriteLog.Rewrite.PARAPHRASED, String.join(",", p.operations()));
            }
        }
        if (hallucinate) {
            Optional<FactAlteration.Altered> altered =
                    alteration().alter(report, result.text(), faults.alterationRandom());
            if (altered.isPresent()) {
                result = new Result(
                        altered.get().text(),
                        RewriteLog.Rewrite.altered(altered.get().kind()),
                        altered.get().detail());
            }
        }
        log.record(CallCounters.digest(report), result.rewrite());
        return result;
    }

    private FactAlteration alteration() {
        FactAlteration a = alteration;
        if (a == null) {
            a = new FactAlteration();
            alteration = a;
        }
        return a;
    }
}
