package io.medsum.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.medsum.common.aws.DynamoReportStore;
import io.medsum.common.aws.SqsWorkQueue;
import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportStatus;
import io.medsum.common.http.ApiResponses;
import io.medsum.common.http.ProblemType;
import io.medsum.common.json.Json;
import io.medsum.common.observability.SafeErrors;
import io.medsum.local.gateway.ClientKey;
import io.medsum.local.gateway.ClientKeys;
import io.medsum.local.gateway.HttpGateway;
import io.medsum.local.infra.CloudFormationTemplate;
import io.medsum.local.infra.LocalAwsClients;
import io.medsum.local.infra.PrivateFiles;
import io.medsum.local.infra.ScheduledEvent;
import io.medsum.local.infra.TemplateSettings;
import io.medsum.local.infra.UnfinishedReports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code ./medsum local} runs: the {@link LocalPipeline} behind an HTTP gateway, its event source mapping polling,
 * its scheduled functions on their template rates, and {@code .medsum/local.json} so other tools can find it.
 * Restarting in disk mode finishes what was left unfinished.
 */
public final class LocalStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    /** Where versions before the key registry kept their single key; imported as the default key. */
    private static final String LEGACY_KEY_FILE = "api-key";
    /** The template parameter naming the tenants allowed to read across tenants. */
    public static final String CROSS_TENANT_READERS = "CrossTenantReaders";

    public static final String LOCAL_JSON = "local.json";

    /**
     * @param stateDirectory where local.json, the key registry and (in disk mode) dynalite's data live (0700)
     * @param port gateway port; 0 for an ephemeral one
     */
    public record Config(Path stateDirectory, int port, boolean inMemory, LocalPipeline.Options pipeline) {}

    /**
     * The endpoints and resources a client or operator needs, as written to local.json; {@code apiKey} is the default
     * key's, null if revoked. {@code servicesEndpoint} serves CloudWatch Logs (audit trail, events log), Secrets
     * Manager and EventBridge (the notification bus).
     */
    public record Info(
            String apiUrl,
            String apiKey,
            String region,
            String sqsEndpoint,
            String queueUrl,
            String dlqUrl,
            String dynamodbEndpoint,
            String tableName,
            String bedrockEndpoint,
            String servicesEndpoint,
            String auditLogGroup,
            String eventsLogGroup,
            String notificationBus,
            String notificationsQueueUrl,
            String notificationsDlqUrl,
            String webhooksTable) {}

    private volatile LocalPipeline pipeline;
    private final HttpGateway gateway;
    private final ScheduledExecutorService scheduler;
    private final Info info;
    private final Path localJson;
    private final int recovered;

    private LocalStack(Config config) throws IOException {
        // Keys, and in disk mode the reports themselves, live here: only their owner may enter.
        PrivateFiles.folder(config.stateDirectory());
        ClientKeys keys = clientKeys(config.stateDirectory());
        String apiKey = keys.named(ClientKeys.DEFAULT_NAME).map(ClientKey::key).orElse(null);
        LocalPipeline.Options base = withKeyParameters(config.pipeline(), keys);
        LocalPipeline.Options options = config.inMemory()
                ? base
                : base.onDisk(PrivateFiles.folder(config.stateDirectory().resolve("data")));
        // The gateway binds first: its URL is the functions' API_URL (the status links in notifications). Until the
        // pipeline is up it answers 503; nothing knows the port before local.json is written anyway.
        this.gateway = HttpGateway.start(config.port(), keys, this::route);
        try {
            this.pipeline = LocalPipeline.start(options.withApiUrl(gateway.url()));
        } catch (RuntimeException e) {
            gateway.close();
            throw e;
        }
        try {
            // ElasticMQ keeps messages in memory: after a restart, re-queue what dynalite says is unfinished.
            this.recovered = config.pipeline().external().sqs() == null ? requeueUnfinished() : 0;
        } catch (RuntimeException e) {
            gateway.close();
            pipeline.close();
            throw e;
        }
        pipeline.startPolling();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "schedule");
            thread.setDaemon(true);
            return thread;
        });
        for (ScheduledEvent event : pipeline.template().scheduledEvents()) {
            long period = event.period().toMillis();
            scheduler.scheduleAtFixedRate(
                    () -> runQuietly(event.functionLogicalId()), period, period, TimeUnit.MILLISECONDS);
        }
        var resources = pipeline.resources();
        this.info = new Info(
                gateway.url().toString(),
                apiKey,
                LocalAwsClients.REGION.id(),
                pipeline.sqsEndpoint().toString(),
                resources.queueUrl(),
                resources.dlqUrl(),
                pipeline.dynamodbEndpoint().toString(),
                resources.tableName(),
                pipeline.bedrockEndpoint() == null
                        ? "aws"
                        : pipeline.bedrockEndpoint().toString(),
                pipeline.services().endpoint().toString(),
                resources.auditLogGroup(),
                resources.ref(TemplateSettings.EVENTS_LOG_GROUP_ID),
                resources.ref(TemplateSettings.NOTIFICATION_BUS_ID),
                resources.ref(TemplateSettings.NOTIFICATIONS_QUEUE_ID),
                resources.ref(resources.deadLetterQueueOf(TemplateSettings.NOTIFICATIONS_QUEUE_ID)),
                resources.ref(TemplateSettings.WEBHOOKS_TABLE_ID));
        this.localJson = config.stateDirectory().resolve(LOCAL_JSON);
        PrivateFiles.write(
                localJson,
                Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(info) + "\n");
    }

    public static LocalStack start(Config config) {
        try {
            return new LocalStack(config);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the local stack: " + e.getMessage(), e);
        }
    }

    /** The gateway's router: the pipeline once it runs, a 503 before. */
    private APIGatewayProxyResponseEvent route(
            String method,
            String path,
            Map<String, String> query,
            Map<String, String> headers,
            String body,
            boolean base64,
            String apiKey) {
        LocalPipeline running = pipeline;
        if (running == null) {
            return ApiResponses.problem(ProblemType.UNAVAILABLE, "The local stack is starting");
        }
        return running.invoke(method, path, query, headers, body, base64, apiKey);
    }

    private int requeueUnfinished() {
        DynamoReportStore store =
                new DynamoReportStore(pipeline.dynamo(), pipeline.resources().tableName());
        UnfinishedReports reports =
                new UnfinishedReports(pipeline.dynamo(), pipeline.resources().tableName());
        List<Report> unfinished = reports.scan();
        if (unfinished.isEmpty()) {
            return 0;
        }
        unfinished.stream()
                .filter(r -> r.status() == ReportStatus.PROCESSING)
                .forEach(r -> reports.expireLease(r.key()));
        new SqsWorkQueue(
                        pipeline.sqs(),
                        pipeline.resources().queueUrl(),
                        pipeline.resources().dlqUrl())
                .enqueueAll(unfinished.stream().map(Report::key).toList());
        unfinished.forEach(r -> store.markEnqueued(r.key()));
        return unfinished.size();
    }

    private void runQuietly(String functionLogicalId) {
        try {
            pipeline.invokeScheduled(functionLogicalId);
        } catch (RuntimeException e) {
            LOG.warn("Scheduled {} failed: {}", functionLogicalId, SafeErrors.describe(e));
        }
    }

    /**
     * The key registry, made on first start with a {@code default} key; a state directory from before the registry
     * keeps its single key's value as that default, so curl lines and tools keep working across the upgrade.
     */
    private static ClientKeys clientKeys(Path stateDirectory) throws IOException {
        ClientKeys keys = ClientKeys.in(stateDirectory);
        Path legacy = stateDirectory.resolve(LEGACY_KEY_FILE);
        String legacyKey = Files.exists(legacy) ? Files.readString(legacy).trim() : null;
        keys.initialise(legacyKey);
        Files.deleteIfExists(legacy);
        return keys;
    }

    /**
     * Template parameters the key registry sets: {@code CrossTenantReaders}, the tenant ids of keys flagged
     * cross-tenant reader, when the template declares that parameter and the caller did not set it.
     */
    private static LocalPipeline.Options withKeyParameters(LocalPipeline.Options options, ClientKeys keys) {
        if (options.parameterOverrides().containsKey(CROSS_TENANT_READERS)
                || !CloudFormationTemplate.loadProjectTemplate()
                        .parameterNames()
                        .contains(CROSS_TENANT_READERS)) {
            return options;
        }
        Map<String, String> parameters = new HashMap<>(options.parameterOverrides());
        parameters.put(CROSS_TENANT_READERS, String.join(",", keys.crossTenantReaders()));
        return options.withParameters(parameters);
    }

    public Info info() {
        return info;
    }

    /** Reports found unfinished at start and queued again. */
    public int recovered() {
        return recovered;
    }

    public LocalPipeline pipeline() {
        return pipeline;
    }

    public Map<String, String> describe() {
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put(
                "API",
                info.apiUrl()
                        + (info.apiKey() == null
                                ? "  (no default key: ./medsum keys create NAME)"
                                : "  (header x-api-key: " + info.apiKey() + ")"));
        lines.put("SQS", info.sqsEndpoint() + "  queue " + info.queueUrl() + "  dlq " + info.dlqUrl());
        lines.put("DynamoDB", info.dynamodbEndpoint() + "  table " + info.tableName());
        lines.put("Bedrock", info.bedrockEndpoint());
        lines.put("Audit", info.servicesEndpoint() + "  log group " + info.auditLogGroup() + "  (./medsum audit)");
        lines.put(
                "Events",
                "bus " + info.notificationBus() + "  log group " + info.eventsLogGroup() + "  (./medsum events tail)");
        lines.put(
                "Webhooks",
                "queue " + info.notificationsQueueUrl() + "  dlq " + info.notificationsDlqUrl() + "  table "
                        + info.webhooksTable());
        return lines;
    }

    /**
     * Graceful stop: the gateway stops accepting, in-flight batches finish (or return their messages to the queue),
     * then the stand-ins and dynalite's process stop. local.json goes with the stack.
     */
    @Override
    public void close() {
        gateway.close();
        scheduler.shutdownNow();
        pipeline.close();
        try {
            Files.deleteIfExists(localJson);
        } catch (IOException e) {
            LOG.warn("Could not remove {}", localJson);
        }
    }
}
