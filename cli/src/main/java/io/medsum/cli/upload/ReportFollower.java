package io.medsum.cli.upload;

import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.cli.api.MedsumApi;
import io.medsum.cli.api.ReportStates;
import io.medsum.common.json.Json;
import io.medsum.local.infra.PrivateFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code --wait}: follows accepted reports until each is SUCCESS, NEEDS_REVIEW or FAILED, polling only the unfinished
 * ones each round and pausing as long as the API's Retry-After asks, then writes {@code <input>.results.jsonl} and
 * counts the outcomes.
 */
public final class ReportFollower {
    private final MedsumApi api;
    private final int concurrency;
    private final Duration giveUpAfter;

    public ReportFollower(MedsumApi api, int concurrency, Duration giveUpAfter) {
        this.api = api;
        this.concurrency = concurrency;
        this.giveUpAfter = giveUpAfter;
    }

    /** Outcome counts: SUCCESS, NEEDS_REVIEW, FAILED by code, and any still unfinished when it gave up. */
    public record Outcome(
            int success, int needsReview, Map<String, Integer> failedByCode, int unfinished, Path resultsFile) {
        public Outcome {
            failedByCode = Collections.unmodifiableMap(new LinkedHashMap<>(failedByCode));
        }

        public int failed() {
            return failedByCode.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    public Outcome follow(List<UploadManifest.Entry> accepted, Path resultsFile, PrintStream out)
            throws IOException, InterruptedException {
        Map<Integer, JsonNode> finished = new ConcurrentHashMap<>();
        List<UploadManifest.Entry> pending = new ArrayList<>(accepted);
        long deadline = System.nanoTime() + giveUpAfter.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "follow");
            thread.setDaemon(true);
            return thread;
        });
        long lastLine = 0;
        try {
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                List<Future<Long>> polls = new ArrayList<>();
                for (UploadManifest.Entry entry : pending) {
                    polls.add(pool.submit(() -> {
                        MedsumApi.Answer answer = api.get("/reports/" + entry.patientId() + "/" + entry.reportId());
                        if (answer.ok()
                                && ReportStates.isTerminal(
                                        answer.body().path("status").asText())) {
                            finished.put(entry.line(), answer.body());
                        }
                        return answer.retryAfterSeconds();
                    }));
                }
                long retryAfter = 1;
                for (Future<Long> poll : polls) {
                    try {
                        retryAfter = Math.max(retryAfter, poll.get());
                    } catch (ExecutionException e) {
                        // One failed poll: that report is simply polled again next round.
                    }
                }
                pending.removeIf(e -> finished.containsKey(e.line()));
                if (System.nanoTime() - lastLine > 2_000_000_000L || pending.isEmpty()) {
                    lastLine = System.nanoTime();
                    out.printf("wait: %d/%d finished%n", accepted.size() - pending.size(), accepted.size());
                }
                if (!pending.isEmpty()) {
                    Thread.sleep(Math.min(retryAfter, 5) * 1000);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return write(accepted, finished, pending.size(), resultsFile);
    }

    private static Outcome write(
            List<UploadManifest.Entry> accepted, Map<Integer, JsonNode> finished, int unfinished, Path file)
            throws IOException {
        int success = 0;
        int needsReview = 0;
        Map<String, Integer> failed = new TreeMap<>();
        List<UploadManifest.Entry> ordered = new ArrayList<>(accepted);
        ordered.sort(Comparator.comparingInt(UploadManifest.Entry::line));
        // Summaries and patient ids: readable by the owner only (0600).
        try (BufferedWriter writer = PrivateFiles.overwrite(file)) {
            for (UploadManifest.Entry entry : ordered) {
                JsonNode view = finished.get(entry.line());
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("line", entry.line());
                line.put("patientId", entry.patientId());
                line.put("reportId", entry.reportId());
                if (view == null) {
                    line.put("status", "UNFINISHED");
                } else {
                    String status = view.path("status").asText();
                    line.put("status", status);
                    if (status.equals("SUCCESS") || status.equals("NEEDS_REVIEW")) {
                        if (status.equals("SUCCESS")) {
                            success++;
                        } else {
                            needsReview++;
                        }
                        line.put("summary", view.path("summary").asText());
                        line.put("summarySource", view.path("summarySource").asText());
                        if (view.has("tokens")) {
                            line.put("tokens", Json.MAPPER.convertValue(view.get("tokens"), Map.class));
                        }
                        if (view.has("review")) {
                            line.put("review", Json.MAPPER.convertValue(view.get("review"), Map.class));
                        }
                    } else {
                        String code = view.path("error").path("code").asText("UNKNOWN");
                        failed.merge(code, 1, Integer::sum);
                        line.put("error", Json.MAPPER.convertValue(view.path("error"), Map.class));
                    }
                }
                writer.write(Json.write(line));
                writer.newLine();
            }
        }
        return new Outcome(success, needsReview, failed, unfinished, file);
    }

    public static Path resultsPathFor(Path input) {
        return UploadManifest.besideInput(input, ".results.jsonl");
    }
}
