package io.medsum.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.common.json.Json;
import io.medsum.local.bedrock.FactAlteration.Kind;
import io.medsum.local.bedrock.ModelFaults;
import io.medsum.local.bedrock.RewriteLog;
import io.medsum.local.bedrock.SummaryRewriter;
import io.medsum.worker.faithfulness.FaithfulnessCheck;
import io.medsum.worker.faithfulness.Finding;
import io.medsum.worker.faithfulness.FindingKind;
import io.medsum.worker.summary.ExtractiveSummarizer;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./medsum bench safety}: the faithfulness check against the stand-in's paraphrases and hallucinations. */
@Command(
        name = "safety",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the corpus through the local model's extractive summarizer in-process and the worker's faithfulness "
                    + "check, in two passes.",
            "Pass a paraphrases every summary without changing a fact (--model-paraphrase): the share flagged is the "
                    + "false-alarm rate. "
                    + "Pass b alters exactly one fact of every summary (--model-hallucination-rate 1): the share "
                    + "caught, per kind of fact.",
            "Also the check's time per report, and the issue's goals next to the figures."
        })
public final class SafetyBench implements Callable<Integer> {
    /** The worker's default MaxOutputTokens, and the stand-in's characters per token. */
    static final int MAX_CHARS = 512 * 4;

    @Mixin
    BenchOutput output;

    @Option(
            names = "--corpus",
            defaultValue = E2eBench.DEFAULT_CORPUS,
            description = "JSONL corpus (default: ${DEFAULT-VALUE}, from the current folder or the checkout).")
    Path corpus;

    @Option(
            names = "--reports",
            defaultValue = "1000",
            description = "The first N reports of the corpus (default: ${DEFAULT-VALUE}).")
    int reports;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of the hallucination draws (default: ${DEFAULT-VALUE}).")
    long seed;

    /** Goals of issue 10: recall per kind of altered fact, false alarms, p95 of the check. */
    private static final Map<Kind, Double> RECALL_GOALS = new EnumMap<>(Map.of(
            Kind.NUMBER,
            0.99,
            Kind.DOSE,
            0.99,
            Kind.UNIT,
            0.99,
            Kind.SIDE,
            0.99,
            Kind.NEGATION,
            0.99,
            Kind.CERTAINTY,
            0.95,
            Kind.MEDICATION,
            0.95,
            Kind.DIAGNOSIS,
            0.95));

    static final double FALSE_ALARM_GOAL = 0.02;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    static final double P95_GOAL_MS = 5.0;

    /** Finding kinds that name an alteration of this kind. */
    static final Map<Kind, Set<FindingKind>> MATCHING = new EnumMap<>(Map.of(
            Kind.NUMBER,
            Set.of(FindingKind.NUMBER, FindingKind.DURATION, FindingKind.DATE, FindingKind.FREQUENCY, FindingKind.DOSE),
            Kind.DOSE,
            Set.of(FindingKind.DOSE, FindingKind.NUMBER),
            Kind.UNIT,
            Set.of(FindingKind.UNIT, FindingKind.DOSE),
            Kind.SIDE,
            Set.of(FindingKind.LATERALITY),
            Kind.NEGATION,
            Set.of(FindingKind.NEGATION),
            Kind.CERTAINTY,
            Set.of(FindingKind.CERTAINTY),
            Kind.MEDICATION,
            Set.of(FindingKind.MEDICATION),
            Kind.DIAGNOSIS,
            Set.of(FindingKind.DIAGNOSIS)));

    @Override
    public Integer call() throws Exception {
        if (reports < 1) {
            throw new IllegalArgumentException("--reports must be positive");
        }
        Path source = E2eBench.locate(corpus);
        Machine machine = Machine.current();
        PrintStream out = System.out;
        List<String> texts = new ArrayList<>();
        for (String line : Files.readAllLines(source, StandardCharsets.UTF_8)) {
            if (texts.size() == reports) {
                break;
            }
            if (!line.isBlank()) {
                JsonNode report = Json.parse(line);
                if (!report.path("text").asText().isBlank()) {
                    texts.add(report.path("text").asText());
                }
            }
        }
        FaithfulnessCheck check = new FaithfulnessCheck();
        FaithfulnessCheck.warmUp();
        ExtractiveSummarizer summarizer = new ExtractiveSummarizer();
        List<Double> checkMs = new ArrayList<>();
        List<Double> checkCpuMs = new ArrayList<>();

        // Pass 0: the extractive summaries as they are (what the worker stores without these switches).
        List<String> summaries = new ArrayList<>();
        int asIsFlagged = 0;
        for (String text : texts) {
            String summary = summarizer.summarizeDetailed(text, MAX_CHARS).text();
            summaries.add(summary);
            if (!timed(check, text, summary, checkMs, checkCpuMs).isEmpty()) {
                asIsFlagged++;
            }
        }

        // Pass a: paraphrased, no hallucination.
        ModelFaults faults = new ModelFaults().paraphrase(true);
        SummaryRewriter rewriter = new SummaryRewriter(faults, new RewriteLog(Math.max(1, texts.size())));
        int paraphrased = 0;
        int paraphrasedFlagged = 0;
        int paraphrasedOfClean = 0;
        int falseAlarms = 0;
        Map<String, Integer> alarmOperations = new TreeMap<>();
        Map<String, Integer> alarmKinds = new TreeMap<>();
        for (int i = 0; i < texts.size(); i++) {
            SummaryRewriter.Result result = rewriter.rewrite(texts.get(i), summaries.get(i));
            if (result.rewrite() != RewriteLog.Rewrite.PARAPHRASED) {
                continue;
            }
            paraphrased++;
            List<Finding> findings = timed(check, texts.get(i), result.text(), checkMs, checkCpuMs);
            boolean cleanBefore = check.check(texts.get(i), summaries.get(i)).isEmpty();
            if (!findings.isEmpty()) {
                paraphrasedFlagged++;
            }
            if (cleanBefore) {
                paraphrasedOfClean++;
                if (!findings.isEmpty()) {
                    falseAlarms++;
                    for (String operation : result.detail().split(",")) {
                        alarmOperations.merge(operation, 1, Integer::sum);
                    }
                    findings.stream()
                            .map(f -> f.kind().json())
                            .distinct()
                            .forEach(k -> alarmKinds.merge(k, 1, Integer::sum));
                }
            }
        }

        // Pass b: one fact altered in every summary the check passed clean as extracted.
        faults.clear().hallucinationRate(1.0).hallucinationSeed(seed);
        RewriteLog log = new RewriteLog(Math.max(1, texts.size()));
        rewriter = new SummaryRewriter(faults, log);
        Map<Kind, int[]> recall = new EnumMap<>(Kind.class); // altered, caught by matching kind, caught by any finding
        Map<String, Integer> missed = new TreeMap<>();
        int cleanBase = 0;
        for (int i = 0; i < texts.size(); i++) {
            if (!check.check(texts.get(i), summaries.get(i)).isEmpty()) {
                continue;
            }
            cleanBase++;
            SummaryRewriter.Result result = rewriter.rewrite(texts.get(i), summaries.get(i));
            var kind = log.forReport(texts.get(i)).flatMap(RewriteLog.Rewrite::alteredKind);
            if (kind.isEmpty()) {
                continue;
            }
            List<Finding> findings = timed(check, texts.get(i), result.text(), checkMs, checkCpuMs);
            int[] counts = recall.computeIfAbsent(kind.get(), k -> new int[3]);
            counts[0]++;
            boolean matching =
                    findings.stream().anyMatch(f -> MATCHING.get(kind.get()).contains(f.kind()));
            if (matching) {
                counts[1]++;
            }
            if (!findings.isEmpty()) {
                counts[2]++;
            }
            if (!matching) {
                String pattern = kind.get() + ": "
                        + result.detail()
                                .replaceAll("medication \\S+ -> \\S+", "medication swapped")
                                .replaceAll("diagnosis added: .*", "diagnosis added")
                        + (findings.isEmpty()
                                ? " (no finding)"
                                : " (found as "
                                        + findings.stream()
                                                .map(f -> f.kind().json())
                                                .distinct()
                                                .sorted()
                                                .collect(Collectors.joining("+"))
                                        + ")");
                missed.merge(pattern, 1, Integer::sum);
            }
        }

        double p50 = Stats.percentile(checkMs, 50);
        double p95 = Stats.percentile(checkMs, 95);
        double max = checkMs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        double cpuP50 = Stats.percentile(checkCpuMs, 50);
        double cpuP95 = Stats.percentile(checkCpuMs, 95);
        double cpuMax =
                checkCpuMs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);

        Table table = new Table("measure", "n", "caught (matching kind)", "caught (any finding)", "goal", "met");
        for (Kind kind : Kind.values()) {
            int[] c = recall.getOrDefault(kind, new int[3]);
            double goal = RECALL_GOALS.get(kind);
            table.row(
                    "recall: " + kind.name().toLowerCase(Locale.ROOT),
                    c[0],
                    Stats.pct(c[1], c[0]),
                    Stats.pct(c[2], c[0]),
                    "≥ " + Stats.fixed(goal * 100, 0) + " %",
                    c[0] == 0 ? "-" : (double) c[1] / c[0] >= goal ? "met" : "MISSED");
        }
        table.row(
                "false alarms (paraphrased, clean before)",
                paraphrasedOfClean,
                Stats.pct(falseAlarms, paraphrasedOfClean),
                "",
                "≤ 2 %",
                paraphrasedOfClean == 0
                        ? "-"
                        : (double) falseAlarms / paraphrasedOfClean <= FALSE_ALARM_GOAL ? "met" : "MISSED");
        table.row(
                "check time p50 / p95 / max, wall",
                checkMs.size(),
                Stats.fixed(p50, 2) + " / " + Stats.fixed(p95, 2) + " / " + Stats.fixed(max, 1) + " ms",
                "",
                "p95 ≤ 5 ms",
                p95 <= P95_GOAL_MS ? "met" : "MISSED");
        // the thread's CPU time: what the check costs, whatever else shares the machine
        table.row(
                "check time p50 / p95 / max, CPU",
                checkCpuMs.size(),
                Stats.fixed(cpuP50, 2) + " / " + Stats.fixed(cpuP95, 2) + " / " + Stats.fixed(cpuMax, 1) + " ms",
                "",
                "p95 ≤ 5 ms",
                cpuP95 <= P95_GOAL_MS ? "met" : "MISSED");

        BenchReport report = new BenchReport(
                "safety",
                String.format(
                        Locale.ROOT,
                        "./medsum bench safety --reports %d --seed %d%s",
                        reports,
                        seed,
                        corpus.toString().equals(E2eBench.DEFAULT_CORPUS) ? "" : " --corpus " + corpus),
                machine);
        report.paragraph(String.format(
                Locale.ROOT,
                "%d reports of %s, each summarized in-process by the local model's extractive summarizer (%d "
                        + "characters, the worker's "
                        + "default MaxOutputTokens), then checked by the worker's FaithfulnessCheck. As extracted, %d "
                        + "summaries "
                        + "(%s) already raise a finding; they are left out of both passes, so the figures measure the "
                        + "rewrites "
                        + "alone. Pass a (--model-paraphrase): %d summaries paraphrased (%d of them clean before; %d "
                        + "flagged among all "
                        + "paraphrased). Pass b (--model-hallucination-rate 1, seed %d): one fact altered in each of "
                        + "the %d clean "
                        + "summaries, its kind drawn among those applicable. Caught (matching kind) counts a finding "
                        + "of the kind the "
                        + "alteration changed (a number may be named number, duration, date, frequency or dose (a "
                        + "number with a dose unit or a medication: 2%% lidocaine, 500 cc), a dose's number dose or "
                        + "number, a unit unit or dose); caught (any finding) counts any.",
                texts.size(),
                source.getFileName(),
                MAX_CHARS,
                asIsFlagged,
                Stats.pct(asIsFlagged, texts.size()),
                paraphrased,
                paraphrasedOfClean,
                paraphrasedFlagged,
                seed,
                cleanBase));
        report.table(null, table);
        List<String> patterns = new ArrayList<>();
        missed.entrySet().stream()
                .sorted((a, b) -> b.getValue() - a.getValue())
                .limit(15)
                .forEach(e -> patterns.add(e.getKey() + ": " + e.getValue()));
        if (!patterns.isEmpty()) {
            report.paragraph(
                    "Alterations not caught by a finding of their kind, by pattern (vocabulary terms only, no report "
                            + "text):");
            report.bullets(patterns);
        }
        if (falseAlarms > 0) {
            report.paragraph("False alarms: paraphrase operations present in the flagged summaries " + alarmOperations
                    + "; finding kinds raised " + alarmKinds + ".");
        }
        report.publish(output, out);
        return 0;
    }

    private static List<Finding> timed(
            FaithfulnessCheck check, String report, String summary, List<Double> ms, List<Double> cpuMs) {
        long cpu = THREADS.getCurrentThreadCpuTime();
        long started = System.nanoTime();
        List<Finding> findings = check.check(report, summary);
        ms.add((System.nanoTime() - started) / 1e6);
        cpuMs.add((THREADS.getCurrentThreadCpuTime() - cpu) / 1e6);
        return findings;
    }
}
