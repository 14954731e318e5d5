package io.medsum.local.chaos;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.common.aws.AwsClientFactory;
import io.medsum.common.aws.DynamoReportStore;
import io.medsum.common.config.Settings;
import io.medsum.common.domain.FailureCode;
import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportIds;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportMessage;
import io.medsum.common.domain.ReportStatus;
import io.medsum.common.domain.ReportSubmission;
import io.medsum.common.http.Tenants;
import io.medsum.common.json.Json;
import io.medsum.local.LocalPipeline;
import io.medsum.local.bedrock.CallCounters;
import io.medsum.local.infra.UnfinishedReports;
import io.medsum.local.lambda.LocalLambdaContext;
import io.medsum.local.lambda.SqsEventSourcePoller;
import io.medsum.notifier.webhook.WebhookSecret;
import io.medsum.worker.model.BedrockSummaryModel;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code ./medsum chaos}: N reports through the local pipeline while faults are injected — model throttling storms, 5xx
 * and timeouts, latency spikes, duplicate deliveries, workers killed mid-batch, failed enqueues at ingest, writes
 * stranded before their enqueue, a DynamoDB restart — then checks that every accepted report ended SUCCESS or FAILED
 * with a reason, that nothing was summarized twice beyond what crashes explain, and that every retryable failure's
 * message is in the DLQ. The notification path runs under faults too — workers killed between their terminal writes and
 * the publish, the bus refusing PutEvents, a webhook receiver that fails a third of its requests and is down for a
 * while — and every terminal report must reach the receiver, signed, with its transition's type, and nothing else.
 *
 * <p>dynalite runs on disk in a scratch directory (restarting an in-memory one would lose everything); the timings that
 * take minutes in AWS (lease, reconcile grace, backoff) are compressed to seconds.
 */
public final class ChaosRun {
    private static final String PATIENT_PREFIX = "CHAOS-";
    private static final int LEASE_SECONDS = 3;
    private static final int ATTEMPT_TIMEOUT_MS = 2000;
    /**
     * Longer than the compressed retry budget (1 + 2 + 4 + 4 + 4 s over six receives), so its reports fail for good.
     */
    private static final Duration OUTAGE = Duration.ofSeconds(20);

    /** The notifier's delivery timeout here; the flaky receiver's hangs last longer. */
    private static final int WEBHOOK_TIMEOUT_MS = 1000;

    private static final Map<String, String> COMPRESSED_TIME = Map.ofEntries(
            Map.entry("LEASE_SECONDS", Integer.toString(LEASE_SECONDS)),
            Map.entry("RECONCILE_AFTER_SECONDS", "2"),
            Map.entry("RETRY_BASE_SECONDS", "1"),
            Map.entry("RETRY_CAP_SECONDS", "4"),
            Map.entry("MODEL_ATTEMPT_TIMEOUT_MS", Integer.toString(ATTEMPT_TIMEOUT_MS)),
            Map.entry("MODEL_MAX_ATTEMPTS", "2"),
            // Notifications: the reconciler publishes what is owed after 2 s; deliveries retry within seconds, often
            // enough to outlast the receiver's failures and its downtime.
            Map.entry("NOTIFY_AFTER_SECONDS", "2"),
            Map.entry("WEBHOOK_TIMEOUT_MS", Integer.toString(WEBHOOK_TIMEOUT_MS)),
            Map.entry("WEBHOOK_RETRY_BASE_SECONDS", "1"),
            Map.entry("WEBHOOK_RETRY_CAP_SECONDS", "4"),
            Map.entry("WEBHOOK_MAX_ATTEMPTS", "40"),
            Map.entry("WEBHOOK_RATE_PER_SECOND", "200"));
    /** The API key the run's client submits with: its tenant owns the reports and the webhook. */
    private static final String CLIENT_KEY = "chaos";
    /** How long the receiver is down once, mid-run. */
    private static final Duration RECEIVER_DOWNTIME = Duration.ofSeconds(10);

    public record Config(int reports, long seed, Path workDirectory, PrintStream log) {}

    private final Config config;
    private final Random random;
    private final Map<ReportKey, String> accepted = new ConcurrentHashMap<>();
    private final AtomicInteger clientGaveUp = new AtomicInteger();
    private final AtomicInteger enqueueFailures = new AtomicInteger();
    private final AtomicInteger strandedWrites = new AtomicInteger();
    private final AtomicInteger duplicateDeliveries = new AtomicInteger();
    private final AtomicInteger dynamoRestarts = new AtomicInteger();

    private ChaosRun(Config config) {
        this.config = config;
        this.random = new Random(config.seed());
    }

    public static ChaosReport run(Config config) throws InterruptedException {
        return new ChaosRun(config).execute();
    }

    private ChaosReport execute() throws InterruptedException {
        long started = System.nanoTime();
        LocalPipeline.Options options = LocalPipeline.Options.inMemory()
                .withEnvironment(COMPRESSED_TIME)
                .onDisk(config.workDirectory().resolve("dynamodb"));
        try (LocalPipeline pipeline = LocalPipeline.start(options);
                FlakyReceiver receiver = new FlakyReceiver(0.3, WEBHOOK_TIMEOUT_MS * 2, random.nextLong())) {
            DynamoReportStore store = new DynamoReportStore(
                    pipeline.dynamo(), pipeline.resources().tableName());
            register(pipeline, receiver);
            pipeline.startPolling(LocalPipeline.NOTIFIER);
            CrashingWorker worker = crashingWorker(pipeline, store);
            FaultTimeline timeline =
                    new FaultTimeline(pipeline.bedrock().faults(), random.nextLong(), ATTEMPT_TIMEOUT_MS);
            ScheduledExecutorService background = Executors.newScheduledThreadPool(3);
            background.scheduleAtFixedRate(() -> timeline.next(), 0, 1500, TimeUnit.MILLISECONDS);
            // The bus refuses PutEvents for 3 s out of every 20, and the receiver is down for a while once.
            background.scheduleAtFixedRate(() -> busOutage(pipeline), 5, 20, TimeUnit.SECONDS);
            background.schedule(receiver::down, 8, TimeUnit.SECONDS);
            background.schedule(receiver::up, 8 + RECEIVER_DOWNTIME.toSeconds(), TimeUnit.SECONDS);
            background.scheduleAtFixedRate(() -> reconcileQuietly(pipeline), 2, 2, TimeUnit.SECONDS);
            try (SqsEventSourcePoller poller = pipeline.newPoller(worker)) {
                poller.start();
                // Once half the reports are summarized, whatever the machine's speed, so both outcomes occur.
                AtomicLong outageEnds = new AtomicLong();
                background.scheduleAtFixedRate(
                        () -> {
                            if (outageEnds.get() == 0
                                    && pipeline.bedrock().counters().successfulCalls() >= config.reports() / 2) {
                                outageEnds.set(System.nanoTime() + OUTAGE.toNanos());
                                timeline.sustainedOutage(OUTAGE);
                            }
                        },
                        100,
                        100,
                        TimeUnit.MILLISECONDS);
                submitAll(pipeline, store);
                sendDuplicates(pipeline);
                // Let the outage run its course and the storms play on the backlog a little longer.
                long waitUntil = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while ((outageEnds.get() == 0 || System.nanoTime() < outageEnds.get())
                        && System.nanoTime() < waitUntil) {
                    Thread.sleep(200);
                }
                Thread.sleep(3000);
                stopGracefully(background);
                timeline.calm();
                pipeline.services().events().outage().end();
                receiver.up();
                background = Executors.newScheduledThreadPool(1);
                background.scheduleAtFixedRate(() -> reconcileQuietly(pipeline), 0, 2, TimeUnit.SECONDS);
                awaitQuiet(pipeline, Duration.ofSeconds(Math.max(120, config.reports() / 10)));
                awaitNotified(pipeline, store, Duration.ofSeconds(Math.max(60, config.reports() / 20)));
            } finally {
                stopGracefully(background);
            }
            timeline.print(config.log());
            return check(pipeline, store, worker, receiver, (System.nanoTime() - started) / 1e9);
        } catch (IOException e) {
            throw new UncheckedIOException("chaos: the webhook receiver could not start", e);
        }
    }

    /** Registers the flaky receiver as the client's webhook, through the API like a client. */
    private static void register(LocalPipeline pipeline, FlakyReceiver receiver) {
        APIGatewayProxyResponseEvent created = pipeline.invoke(
                "POST",
                "/webhooks",
                Map.of(),
                Map.of("Content-Type", "application/json"),
                Json.write(Map.of("url", receiver.url().toString())),
                false,
                CLIENT_KEY);
        if (created.getStatusCode() != 201) {
            throw new IllegalStateException("chaos: the webhook was not registered: HTTP " + created.getStatusCode());
        }
        try {
            String secret = Json.parse(created.getBody()).get("secret").asText();
            receiver.trust(WebhookSecret.parse(secret).orElseThrow());
        } catch (Json.InvalidJsonException e) {
            throw new IllegalStateException("chaos: unreadable webhook registration", e);
        }
    }

    private static void busOutage(LocalPipeline pipeline) {
        var outage = pipeline.services().events().outage();
        outage.start();
        try {
            Thread.sleep(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            outage.end();
        }
    }

    /** Waits until no record owes a notification and the notifier has nothing left to deliver. */
    private static void awaitNotified(LocalPipeline pipeline, DynamoReportStore store, Duration timeout)
            throws InterruptedException {
        String notifications = pipeline.resources().ref("NotificationsQueue");
        ScheduledExecutorService reconciler = Executors.newSingleThreadScheduledExecutor();
        reconciler.scheduleAtFixedRate(() -> reconcileQuietly(pipeline), 0, 2, TimeUnit.SECONDS);
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    if (store.findAwaitingNotification(Long.MAX_VALUE, 1).isEmpty()
                            && pipeline.queueDepth(notifications) == 0) {
                        return;
                    }
                } catch (RuntimeException e) {
                    // try again
                }
                Thread.sleep(500);
            }
        } finally {
            stopGracefully(reconciler);
        }
    }

    private CrashingWorker crashingWorker(LocalPipeline pipeline, DynamoReportStore store) {
        Map<String, String> env = pipeline.environment(LocalPipeline.WORKER);
        BedrockRuntimeClient bedrock = new AwsClientFactory(new Settings(env))
                .build(BedrockRuntimeClient.builder(), "BEDROCK_RUNTIME", Duration.ofMillis(ATTEMPT_TIMEOUT_MS));
        var model =
                new BedrockSummaryModel(bedrock, env.get("MODEL_ID"), Integer.parseInt(env.get("MAX_OUTPUT_TOKENS")));
        RequestHandler<SQSEvent, SQSBatchResponse> real = pipeline.functionHandler(LocalPipeline.WORKER);
        @SuppressWarnings("unchecked")
        RequestHandler<SQSEvent, SQSBatchResponse> withoutBus =
                (RequestHandler<SQSEvent, SQSBatchResponse>) pipeline.newFunctionInstance(
                        LocalPipeline.WORKER, Map.of("AWS_ENDPOINT_URL_EVENTBRIDGE", "http://127.0.0.1:1"));
        return new CrashingWorker(
                real,
                withoutBus,
                8,
                store,
                model,
                pipeline.sqs(),
                pipeline.resources().queueUrl(),
                LEASE_SECONDS,
                0.05,
                random.nextLong());
    }

    /** Eight clients submit, retrying 5xx, 409 and 429 with the same Idempotency-Key as a careful client does. */
    /** Lets a running reconcile finish (its DLQ sweep makes the messages it read visible again). */
    private static void stopGracefully(ScheduledExecutorService background) throws InterruptedException {
        background.shutdown();
        if (!background.awaitTermination(30, TimeUnit.SECONDS)) {
            background.shutdownNow();
        }
    }

    private void submitAll(LocalPipeline pipeline, DynamoReportStore store) throws InterruptedException {
        @SuppressWarnings("unchecked")
        RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> brokenIngest =
                (RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>)
                        pipeline.newFunctionInstance(
                                LocalPipeline.INGEST,
                                Map.of("QUEUE_URL", pipeline.resources().queueUrl() + "-unreachable"));
        int restartAt = config.reports() * 2 / 5;
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < config.reports(); i++) {
            int n = i;
            String patient = PATIENT_PREFIX + (n % 97);
            String text = reportText(n);
            boolean enqueueFails = random.nextDouble() < 0.05;
            boolean stranded = random.nextDouble() < 0.01;
            if (n == restartAt) {
                work.add(clients.submit(() -> restartDynamo(pipeline)));
            }
            work.add(clients.submit(() -> {
                if (stranded) {
                    strand(store, patient, text);
                } else {
                    submitOne(pipeline, brokenIngest, patient, text, "chaos-" + config.seed() + "-" + n, enqueueFails);
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            try {
                f.get();
            } catch (ExecutionException e) {
                config.log().println("chaos: a client failed: " + e.getCause());
            }
        }
        clients.shutdown();
    }

    private void submitOne(
            LocalPipeline pipeline,
            RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> brokenIngest,
            String patient,
            String text,
            String key,
            boolean enqueueFailsFirst)
            throws InterruptedException {
        String body = Json.write(Map.of("patientId", patient, "text", text, "sourceSystem", "Chaos"));
        Map<String, String> headers = Map.of("Content-Type", "application/json", "Idempotency-Key", key);
        // A careful client retries for a few minutes: a key whose first request died stays locked for 60 s.
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
            APIGatewayProxyResponseEvent response;
            try {
                if (attempt == 0 && enqueueFailsFirst) {
                    response = brokenIngest.handleRequest(
                            new APIGatewayProxyRequestEvent()
                                    .withHttpMethod("POST")
                                    .withResource("/summarize")
                                    .withPath("/summarize")
                                    .withHeaders(headers)
                                    .withBody(body)
                                    .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                                            .withPath("/summarize")
                                            .withIdentity(new APIGatewayProxyRequestEvent.RequestIdentity()
                                                    .withApiKey(CLIENT_KEY))),
                            new LocalLambdaContext("IngestFunction", 1024, 29));
                    if (response.getStatusCode() == 503) {
                        enqueueFailures.incrementAndGet();
                    }
                } else {
                    response = pipeline.invoke("POST", "/summarize", Map.of(), headers, body, false, CLIENT_KEY);
                }
            } catch (RuntimeException e) {
                response = new APIGatewayProxyResponseEvent().withStatusCode(500);
            }
            int status = response.getStatusCode();
            if (status == 202) {
                try {
                    JsonNode json = Json.parse(response.getBody());
                    accepted.put(new ReportKey(patient, json.get("reportId").asText()), text);
                } catch (Json.InvalidJsonException e) {
                    throw new IllegalStateException("Unreadable 202", e);
                }
                return;
            }
            if (status < 500 && status != 409 && status != 429) {
                clientGaveUp.incrementAndGet();
                config.log().println("chaos: a valid report was refused with HTTP " + status);
                return;
            }
            Thread.sleep(Math.min(2000, 100L << Math.min(attempt, 5)));
        }
        clientGaveUp.incrementAndGet();
    }

    /** An ingest that died between its PutItem and its SendMessage: the reconciler must enqueue it. */
    private void strand(DynamoReportStore store, String patient, String text) throws InterruptedException {
        ReportKey key = new ReportKey(patient, ReportIds.next());
        var report = Report.pending(
                key,
                Tenants.ofApiKey(CLIENT_KEY),
                new ReportSubmission(patient, text, "Chaos", Map.of()),
                Instant.now().getEpochSecond(),
                86_400);
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                store.create(report);
                accepted.put(key, text);
                strandedWrites.incrementAndGet();
                return;
            } catch (RuntimeException e) {
                Thread.sleep(500); // DynamoDB may be restarting
            }
        }
    }

    private Void restartDynamo(LocalPipeline pipeline) {
        try {
            pipeline.dynalite().restart();
            dynamoRestarts.incrementAndGet();
        } catch (Exception e) {
            config.log().println("chaos: DynamoDB restart failed: " + e.getMessage());
        }
        return null;
    }

    private void sendDuplicates(LocalPipeline pipeline) {
        List<ReportKey> keys = new ArrayList<>(accepted.keySet());
        keys.sort(Comparator.comparing(ReportKey::reportId));
        for (ReportKey key : keys) {
            if (random.nextDouble() < 0.05) {
                pipeline.sqs()
                        .sendMessage(b ->
                                b.queueUrl(pipeline.resources().queueUrl()).messageBody(ReportMessage.encode(key)));
                duplicateDeliveries.incrementAndGet();
            }
        }
    }

    private static void reconcileQuietly(LocalPipeline pipeline) {
        try {
            pipeline.reconcile();
        } catch (RuntimeException e) {
            // DynamoDB may be restarting; the next run catches up.
        }
    }

    private void awaitQuiet(LocalPipeline pipeline, Duration timeout) throws InterruptedException {
        UnfinishedReports unfinishedReports =
                new UnfinishedReports(pipeline.dynamo(), pipeline.resources().tableName());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                boolean unfinished = unfinishedReports.scan().stream()
                        .anyMatch(r -> r.patientId().startsWith(PATIENT_PREFIX));
                if (!unfinished && pipeline.queueDepth(pipeline.resources().queueUrl()) == 0) {
                    return;
                }
            } catch (RuntimeException e) {
                // try again
            }
            Thread.sleep(500);
        }
    }

    private ChaosReport check(
            LocalPipeline pipeline,
            DynamoReportStore store,
            CrashingWorker worker,
            FlakyReceiver receiver,
            double seconds) {
        List<String> violations = new ArrayList<>();
        CallCounters counters = pipeline.bedrock().counters();
        Set<ReportKey> deadLettered = new HashSet<>();
        int deadLetterMessages = 0;
        for (Message m : drainAll(pipeline, pipeline.resources().dlqUrl())) {
            deadLetterMessages++;
            ReportMessage.decode(m.body()).ifPresent(deadLettered::add);
        }
        int success = 0;
        int failed = 0;
        int unfinished = 0;
        int failedWithoutDeadLetter = 0;
        Map<String, Integer> failedByCode = new TreeMap<>();
        for (Map.Entry<ReportKey, String> entry : accepted.entrySet()) {
            Report report = store.find(entry.getKey()).orElse(null);
            if (report == null) {
                violations.add("accepted report " + entry.getKey().reportId() + " has no record");
                continue;
            }
            if (report.status() == ReportStatus.SUCCESS) {
                success++;
            } else if (report.status() == ReportStatus.FAILED) {
                failed++;
                FailureCode code = report.lastErrorCode();
                if (code == null) {
                    violations.add("FAILED report " + report.reportId() + " has no reason code");
                } else {
                    failedByCode.merge(code.name(), 1, Integer::sum);
                    if (code.endsInDeadLetterQueue() && !deadLettered.contains(entry.getKey())) {
                        failedWithoutDeadLetter++;
                        violations.add(
                                "FAILED report " + report.reportId() + " (" + code + ") has no message in the DLQ");
                    }
                }
            } else {
                unfinished++;
                violations.add("report " + report.reportId() + " is still " + report.status());
            }
        }
        long successfulCalls = accepted.values().stream()
                .mapToLong(counters::successfulCallsFor)
                .sum();
        int duplicateSummaries = countDuplicates(counters, worker);
        double callsPerSuccess = success == 0 ? 0 : (double) successfulCalls / success;
        // Each abandoned claim can cost one more call: calls <= SUCCESS + crashes (the 1 + crashes / N).
        double bound = 1 + (double) worker.crashedClaims() / Math.max(1, success);
        if (accepted.size() != success + failed) {
            violations.add("accepted (" + accepted.size() + ") != SUCCESS (" + success + ") + FAILED (" + failed + ")");
        }
        if (clientGaveUp.get() > 0) {
            violations.add(clientGaveUp.get() + " valid reports were never accepted");
        }
        if (callsPerSuccess > bound + 1e-9) {
            violations.add(String.format(
                    "%.3f successful model calls per SUCCESS exceeds the bound %.3f", callsPerSuccess, bound));
        }
        if (duplicateSummaries > 0) {
            violations.add(duplicateSummaries + " reports were summarized more often than crashes explain");
        }
        return new ChaosReport(
                config.reports(),
                config.seed(),
                accepted.size(),
                clientGaveUp.get(),
                success,
                failed,
                failedByCode,
                unfinished,
                orphans(pipeline),
                deadLetterMessages,
                failedWithoutDeadLetter,
                counters.totalCalls(),
                successfulCalls,
                counters.throttledCalls(),
                worker.crashedClaims(),
                worker.crashedBatches(),
                duplicateDeliveries.get(),
                strandedWrites.get(),
                enqueueFailures.get(),
                dynamoRestarts.get(),
                duplicateSummaries,
                NotificationInvariants.check(
                        accepted.keySet(),
                        store,
                        receiver.accepted(),
                        store.findAwaitingNotification(Long.MAX_VALUE, 10_000).size(),
                        receiver,
                        pipeline.services().events().outage().refusedRequests(),
                        worker.diedBeforePublish(),
                        violations),
                seconds,
                List.copyOf(violations));
    }

    /**
     * Reports summarized more than once where no crash explains it: each abandoned claim can add one successful call to
     * one report, so the extra calls beyond one per report must not exceed them.
     */
    private int countDuplicates(CallCounters counters, CrashingWorker worker) {
        long extra = 0;
        for (String text : accepted.values()) {
            extra += Math.max(0, counters.successfulCallsFor(text) - 1);
        }
        return (int) Math.max(0, extra - worker.crashedClaims());
    }

    /** Records under the chaos patients that no client got an id for (compensations that failed during a restart). */
    private int orphans(LocalPipeline pipeline) {
        Set<String> known = new HashSet<>();
        accepted.keySet().forEach(k -> known.add(k.reportId()));
        int[] orphans = {0};
        pipeline.dynamo()
                .scanPaginator(b -> b.tableName(pipeline.resources().tableName())
                        .filterExpression("begins_with(PatientID, :p)")
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(PATIENT_PREFIX)))
                        .projectionExpression("ReportID"))
                .items()
                .forEach(item -> {
                    if (!known.contains(item.get("ReportID").s())) {
                        orphans[0]++;
                    }
                });
        return orphans[0];
    }

    /** Every message of the queue, including any another reader holds invisible for a while. */
    private static List<Message> drainAll(LocalPipeline pipeline, String queueUrl) {
        Map<String, Message> all = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        while (System.nanoTime() < deadline) {
            List<Message> batch = pipeline.sqs()
                    .receiveMessage(b -> b.queueUrl(queueUrl)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(1)
                            .visibilityTimeout(120))
                    .messages();
            batch.forEach(m -> all.put(m.messageId(), m));
            if (batch.isEmpty() && pipeline.queueDepth(queueUrl) == 0) {
                break; // nothing visible and nothing in flight: all of it is in hand
            }
        }
        return new ArrayList<>(all.values());
    }

    /**
     * Distinct, realistic-looking reports; the number makes each text unique so model calls can be counted per report.
     */
    private String reportText(int n) {
        String[] findings = {
            "productive cough and fever",
            "chest pain on exertion",
            "lower back pain",
            "headache with photophobia",
            "abdominal pain after meals",
            "shortness of breath",
            "a rash on both forearms",
            "dizziness on standing"
        };
        String[] plans = {
            "amoxicillin for five days",
            "a stress test",
            "physiotherapy",
            "sumatriptan as needed",
            "an abdominal ultrasound",
            "a chest X-ray",
            "a topical steroid",
            "hydration and compression stockings"
        };
        return "CHAOS REPORT " + config.seed() + "-" + n + ". HISTORY: The patient reports "
                + findings[n % findings.length]
                + " for " + (1 + n % 14) + " days. ASSESSMENT: Findings consistent with the history. PLAN: "
                + plans[(n / 8) % plans.length] + "; review in " + (1 + n % 6) + " weeks.";
    }
}
