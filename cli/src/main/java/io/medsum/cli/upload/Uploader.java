package io.medsum.cli.upload;

import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.cli.api.MedsumApi;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Sends inputs through {@code POST /reports/batch} in chunks of up to 100, several requests in flight, each report with
 * its own Idempotency-Key, recording every answer in the manifest as it arrives.
 */
public final class Uploader {
    public static final int CHUNK = 100;

    /** A line that was not accepted, with why: shown to the user with its line number. */
    public record Rejection(int line, String source, String reason) {}

    public record Result(
            int total,
            int accepted,
            int alreadyAccepted,
            List<Rejection> rejected,
            int deferred,
            double reportsPerSecond) {
        public Result {
            rejected = List.copyOf(rejected);
        }

        public boolean allAccepted() {
            return rejected.isEmpty() && deferred == 0;
        }
    }

    private static final int GIVE_UP_AFTER_FAILED_CHUNKS = 3;

    private final MedsumApi api;
    private final UploadManifest manifest;
    private final int concurrency;
    private final PrintStream warnings;
    private final AtomicInteger consecutiveFailedChunks = new AtomicInteger();

    public Uploader(MedsumApi api, UploadManifest manifest, int concurrency, PrintStream warnings) {
        this.api = api;
        this.manifest = manifest;
        this.concurrency = concurrency;
        this.warnings = warnings;
    }

    /** Uploads what the manifest does not settle yet; stops sending new chunks once {@code stop} says so. */
    public Result upload(List<InputRecord> inputs, Progress progress, BooleanSupplier stop)
            throws IOException, InterruptedException {
        List<Rejection> rejected = new ArrayList<>();
        List<InputRecord> toSend = new ArrayList<>();
        int alreadyAccepted = 0;
        for (InputRecord input : inputs) {
            UploadManifest.Entry settled = input.readable() ? manifest.settled(input) : null;
            if (!input.readable()) {
                rejected.add(new Rejection(input.line(), input.source(), input.parseError()));
                progress.rejected(1);
            } else if (settled != null && settled.accepted()) {
                alreadyAccepted++;
                progress.accepted(1);
            } else if (settled != null && settled.status() != null && settled.status() < 500) {
                rejected.add(new Rejection(input.line(), input.source(), settled.error()));
                progress.rejected(1);
            } else {
                toSend.add(input);
            }
        }
        int acceptedBefore = progress.acceptedCount();
        List<Rejection> rejectedNow = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger deferred = new AtomicInteger();
        int submitted = 0;
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "upload");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> inFlight = new ArrayList<>();
            for (int from = 0; from < toSend.size() && !stop.getAsBoolean() && !apiFailing(); from += CHUNK) {
                List<InputRecord> chunk = toSend.subList(from, Math.min(toSend.size(), from + CHUNK));
                submitted += chunk.size();
                inFlight.add(pool.submit(() -> {
                    deferred.addAndGet(sendChunk(chunk, progress, rejectedNow));
                    return null;
                }));
                while (inFlight.size() >= concurrency) {
                    await(inFlight.remove(0));
                }
            }
            for (Future<?> f : inFlight) {
                await(f);
            }
        } finally {
            pool.shutdownNow();
        }
        rejected.addAll(rejectedNow);
        rejected.sort(Comparator.comparingInt(Rejection::line));
        int notSent = toSend.size() - submitted;
        if (apiFailing()) {
            warnings.println("upload: stopped after " + GIVE_UP_AFTER_FAILED_CHUNKS
                    + " failed batches in a row; run the same command again later");
        }
        return new Result(
                inputs.size(),
                progress.acceptedCount() - acceptedBefore,
                alreadyAccepted,
                rejected,
                deferred.get() + notSent,
                progress.reportsPerSecond());
    }

    /** Sends one chunk; returns how many of its reports stay unsettled for a rerun. */
    private int sendChunk(List<InputRecord> chunk, Progress progress, List<Rejection> rejected)
            throws IOException, InterruptedException {
        List<Map<String, Object>> reports = new ArrayList<>();
        for (InputRecord input : chunk) {
            Map<String, Object> report = new LinkedHashMap<>(input.report());
            report.put("idempotencyKey", input.idempotencyKey());
            reports.add(report);
        }
        MedsumApi.Answer answer;
        try {
            answer = api.post("/reports/batch", Map.of("reports", reports), Map.of());
        } catch (IOException e) {
            chunkFailed("the API did not answer (" + e.getClass().getSimpleName() + ")");
            progress.deferred(chunk.size());
            return chunk.size();
        }
        if (!answer.ok()) {
            if (answer.status() >= 500 || answer.status() == 429) {
                chunkFailed("the API answered " + answer.problem());
                progress.deferred(chunk.size());
                return chunk.size();
            }
            for (InputRecord input : chunk) {
                rejected.add(new Rejection(input.line(), input.source(), answer.problem()));
            }
            progress.rejected(chunk.size());
            return 0;
        }
        consecutiveFailedChunks.set(0);
        int notSettled = 0;
        for (JsonNode result : answer.body().get("results")) {
            InputRecord input = chunk.get(result.get("index").asInt());
            if (result.has("reportId")) {
                manifest.record(new UploadManifest.Entry(
                        input.line(),
                        input.idempotencyKey(),
                        result.get("patientId").asText(),
                        result.get("reportId").asText(),
                        null,
                        null));
                progress.accepted(1);
            } else {
                JsonNode error = result.get("error");
                int status = error.path("status").asInt(500);
                String reason = describe(error);
                if (status >= 500 || status == 409) {
                    notSettled++; // the service could not take it now, or an earlier attempt is still in flight
                    progress.deferred(1);
                } else {
                    manifest.record(
                            new UploadManifest.Entry(input.line(), input.idempotencyKey(), null, null, status, reason));
                    rejected.add(new Rejection(input.line(), input.source(), reason));
                    progress.rejected(1);
                }
            }
        }
        return notSettled;
    }

    /** Tells the user why once, and gives up after a few failed chunks in a row instead of grinding on. */
    private void chunkFailed(String reason) {
        if (consecutiveFailedChunks.incrementAndGet() == 1) {
            warnings.println("upload: a batch was not accepted: " + reason + "; its reports stay for the next run");
        }
    }

    private boolean apiFailing() {
        return consecutiveFailedChunks.get() >= GIVE_UP_AFTER_FAILED_CHUNKS;
    }

    private static String describe(JsonNode problem) {
        StringBuilder text = new StringBuilder(
                problem.hasNonNull("detail")
                        ? problem.get("detail").asText()
                        : problem.path("title").asText("rejected"));
        problem.path("errors")
                .forEach(e -> text.append("; ")
                        .append(e.path("field").asText().replaceFirst("^reports\\[\\d+]\\.", ""))
                        .append(' ')
                        .append(e.path("message").asText()));
        return text.toString();
    }

    private static void await(Future<?> future) throws IOException, InterruptedException {
        try {
            future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
