package io.medsum.worker.faithfulness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Timing harness of the faithfulness check (not a test: no assertions). Runs the check over a corpus of reports (one
 * JSON object a line with a "text" field) against an extractive "summary" of each report, its first three sentences,
 * and prints the vocabulary load time and p50/p95/max milliseconds per report, wall clock and the thread's CPU time
 * (what the check costs when other processes share the machine). Since every sentence of such a summary is in its
 * report, every finding it prints is a false alarm: the count is printed too.
 *
 * <pre>
 * java -cp worker-function/target/test-classes:worker-function/target/classes:CLASSPATH \
 *     io.medsum.worker.faithfulness.FaithfulnessCheckTiming [corpus.jsonl] [--show N]
 * </pre>
 *
 * {@code --show N} prints the findings of the first N reports that have any (corpus text: for development only).
 */
public final class FaithfulnessCheckTiming {
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=[A-Z0-9])");

    private FaithfulnessCheckTiming() {}

    public static void main(String[] args) throws IOException {
        Path corpus = Path.of("/work/shared/corpus/mtsamples-reports.jsonl");
        int show = 0;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--show")) {
                show = Integer.parseInt(args[++i]);
            } else {
                corpus = Path.of(args[i]);
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long t0 = System.nanoTime();
        long c0 = threads.getCurrentThreadCpuTime();
        double loadMs = FaithfulnessCheck.warmUp();
        double loadCpuMs = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
        double firstMs = (System.nanoTime() - t0) / 1e6;
        FaithfulnessCheck check = new FaithfulnessCheck();
        List<String> reports = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader r = Files.newBufferedReader(corpus, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    JsonNode text = json.readTree(line).get("text");
                    if (text != null && !text.asText().isBlank()) {
                        reports.add(text.asText());
                    }
                }
            }
        }
        // warm the JIT on a slice of the corpus, as a container would after its first requests
        for (int i = 0; i < Math.min(300, reports.size()); i++) {
            check.check(reports.get(i), firstSentences(reports.get(i), 3));
        }
        double[] ms = new double[reports.size()];
        double[] cpu = new double[reports.size()];
        int withFindings = 0;
        int findings = 0;
        long chars = 0;
        Map<FindingKind, Integer> kinds = new TreeMap<>();
        for (int i = 0; i < reports.size(); i++) {
            String report = reports.get(i);
            String summary = firstSentences(report, 3);
            long c = threads.getCurrentThreadCpuTime();
            long s = System.nanoTime();
            List<Finding> found = check.check(report, summary);
            ms[i] = (System.nanoTime() - s) / 1e6;
            cpu[i] = (threads.getCurrentThreadCpuTime() - c) / 1e6;
            chars += report.length();
            if (!found.isEmpty()) {
                withFindings++;
                findings += found.size();
                for (Finding f : found) {
                    kinds.merge(f.kind(), 1, Integer::sum);
                }
                if (show > 0) {
                    show--;
                    System.out.println("report " + i + ": " + found);
                }
            }
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double[] sortedCpu = cpu.clone();
        Arrays.sort(sortedCpu);
        System.out.printf(
                Locale.ROOT,
                "vocabulary load: %.1f ms wall, %.1f ms CPU (first call %.1f ms)%n",
                loadMs,
                loadCpuMs,
                firstMs);
        System.out.printf(
                Locale.ROOT,
                "reports: %d, mean %.0f characters%n",
                reports.size(),
                reports.isEmpty() ? 0.0 : (double) chars / reports.size());
        System.out.printf(
                Locale.ROOT,
                "per report, wall: p50 %.3f ms, p95 %.3f ms, max %.3f ms%n",
                pct(sorted, 50),
                pct(sorted, 95),
                sorted.length == 0 ? 0.0 : sorted[sorted.length - 1]);
        System.out.printf(
                Locale.ROOT,
                "per report, CPU:  p50 %.3f ms, p95 %.3f ms, max %.3f ms%n",
                pct(sortedCpu, 50),
                pct(sortedCpu, 95),
                sortedCpu.length == 0 ? 0.0 : sortedCpu[sortedCpu.length - 1]);
        System.out.printf(
                Locale.ROOT,
                "false alarms on extractive summaries: %d findings in %d reports (%.1f%%) %s%n",
                findings,
                withFindings,
                reports.isEmpty() ? 0.0 : 100.0 * withFindings / reports.size(),
                kinds);
    }

    static String firstSentences(String text, int count) {
        String[] parts = SENTENCE_END.split(text.strip(), count + 1);
        return String.join(" ", Arrays.copyOf(parts, Math.min(count, parts.length)));
    }

    private static double pct(double[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
