package io.medsum.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.medsum.common.config.Settings;
import io.medsum.common.http.ApiResponses;
import io.medsum.common.http.ProblemType;
import io.medsum.local.bedrock.LocalBedrockServer;
import io.medsum.local.bedrock.ModelFaults;
import io.medsum.local.infra.DynaliteProcess;
import io.medsum.local.infra.ElasticMqServer;
import io.medsum.local.infra.FunctionDefinition;
import io.medsum.local.infra.LocalAwsClients;
import io.medsum.local.infra.LocalResources;
import io.medsum.local.infra.ProvisionedResources;
import io.medsum.local.infra.TemplateSettings;
import io.medsum.local.lambda.ApiGatewayEvents;
import io.medsum.local.lambda.LocalLambdaContext;
import io.medsum.local.lambda.SqsEventSourcePoller;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The whole pipeline on one machine: dynalite, ElasticMQ and the local Bedrock endpoint, resources and
 * settings read from template.yaml, and the real handler classes named by the template, invoked with
 * API Gateway proxy events and SQS event-source-mapping batches.
 */
public final class LocalPipeline implements AutoCloseable {
    public static final String INGEST = "IngestFunction";
    public static final String WORKER = "WorkerFunction";
    public static final String STATUS = "StatusFunction";
    public static final String RECONCILER = "ReconcilerFunction";

    /**
     * @param dataDirectory dynalite's data on disk, or null for in-memory
     * @param parameterOverrides template parameters, e.g. MaxReceiveCount
     * @param environmentOverrides set on every function after the template's values
     */
    public record Options(Path dataDirectory, Map<String, String> parameterOverrides,
                          Map<String, String> environmentOverrides, ModelFaults modelFaults) {
        public static Options inMemory() {
            return new Options(null, Map.of(), Map.of(), new ModelFaults());
        }

        public Options withParameters(Map<String, String> overrides) {
            return new Options(dataDirectory, overrides, environmentOverrides, modelFaults);
        }

        public Options withEnvironment(Map<String, String> overrides) {
            return new Options(dataDirectory, parameterOverrides, overrides, modelFaults);
        }

        public Options onDisk(Path directory) {
            return new Options(directory, parameterOverrides, environmentOverrides, modelFaults);
        }
    }

    private final TemplateSettings template;
    private final DynaliteProcess dynalite;
    private final ElasticMqServer elasticMq;
    private final LocalBedrockServer bedrock;
    private final DynamoDbClient dynamo;
    private final SqsClient sqs;
    private final ProvisionedResources resources;
    private final Map<String, Map<String, String>> environments = new LinkedHashMap<>();
    private final Map<String, Object> handlers = new LinkedHashMap<>();
    private final ApiGatewayEvents api;
    private final SqsEventSourcePoller poller;

    private LocalPipeline(Options options) throws Exception {
        this.template = TemplateSettings.fromProjectTemplate(options.parameterOverrides());
        this.dynalite = options.dataDirectory() == null
                ? DynaliteProcess.startInMemory()
                : DynaliteProcess.startOnDisk(options.dataDirectory());
        this.elasticMq = ElasticMqServer.start();
        this.bedrock = LocalBedrockServer.start(0, options.modelFaults());
        this.dynamo = LocalAwsClients.dynamoDb(dynalite.endpoint());
        this.sqs = LocalAwsClients.sqs(elasticMq.endpoint());
        this.resources = new LocalResources(dynamo, sqs, template).provision();
        for (FunctionDefinition function : template.functions()) {
            Map<String, String> env = new HashMap<>(LocalAwsClients.baseEnvironment());
            env.putAll(template.environment(function.logicalId(), resources).variables());
            env.put("AWS_ENDPOINT_URL_DYNAMODB", dynalite.endpoint().toString());
            env.put("AWS_ENDPOINT_URL_SQS", elasticMq.endpoint().toString());
            env.put("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", bedrock.endpoint().toString());
            env.putAll(options.environmentOverrides());
            environments.put(function.logicalId(), Map.copyOf(env));
            handlers.put(function.logicalId(), instantiate(function, new Settings(env)));
        }
        this.api = new ApiGatewayEvents(template.apiRoutes());
        var mapping = template.workerEventSource();
        this.poller = new SqsEventSourcePoller(sqs, resources.queueUrl(), resources.queueArn(), mapping,
                template.function(mapping.functionLogicalId()), handler(mapping.functionLogicalId()));
    }

    public static LocalPipeline start(Options options) {
        try {
            return new LocalPipeline(options);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the local pipeline: " + e.getMessage(), e);
        }
    }

    /** The handler class the template names, built from its environment like the Lambda runtime would. */
    private static Object instantiate(FunctionDefinition function, Settings settings) throws ReflectiveOperationException {
        return Class.forName(function.handlerClass()).getConstructor(Settings.class).newInstance(settings);
    }

    @SuppressWarnings("unchecked")
    private <I, O> RequestHandler<I, O> handler(String logicalId) {
        return (RequestHandler<I, O>) handlers.get(logicalId);
    }

    /** Invokes the function the template routes this request to, as API Gateway would. */
    public APIGatewayProxyResponseEvent invoke(String method, String path, Map<String, String> query,
                                               Map<String, String> headers, String body, boolean base64, String apiKey) {
        Optional<ApiGatewayEvents.Match> match = api.match(method, path);
        if (match.isEmpty()) {
            return ApiResponses.problem(ProblemType.NOT_FOUND, "No such resource");
        }
        if (!match.get().route().method().equalsIgnoreCase(method)) {
            return ApiResponses.problem(ProblemType.METHOD_NOT_ALLOWED, "Method not allowed on this resource");
        }
        String functionId = match.get().route().functionLogicalId();
        FunctionDefinition function = template.function(functionId);
        APIGatewayProxyRequestEvent event = api.event(match.get(), method, path, query, headers, body, base64, apiKey);
        RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler = handler(functionId);
        return handler.handleRequest(event, new LocalLambdaContext(functionId, function.memorySizeMb(), (int) function.timeout().toSeconds()));
    }

    /** Runs the scheduled reconciler once. */
    public Map<String, Object> reconcile() {
        FunctionDefinition function = template.function(RECONCILER);
        RequestHandler<Map<String, Object>, Map<String, Object>> handler = handler(RECONCILER);
        return handler.handleRequest(Map.of(), new LocalLambdaContext(RECONCILER, function.memorySizeMb(), (int) function.timeout().toSeconds()));
    }

    /** Delivers one batch to the worker if a message is visible; returns how many messages it carried. */
    public int deliverOnce() {
        return poller.pollOnce(Duration.ZERO);
    }

    /** Delivers batches until the queue has nothing visible or in flight, or the timeout passes. */
    public boolean drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (deliverOnce() == 0 && queueDepth(resources.queueUrl()) == 0) {
                return true;
            }
            if (queueVisible(resources.queueUrl()) == 0) {
                sleep(Duration.ofMillis(100));
            }
        }
        return false;
    }

    /** Starts the background event source mapping (MaximumConcurrency pollers). */
    public void startPolling() {
        poller.start();
    }

    public int queueDepth(String queueUrl) {
        var attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return attributes.values().stream().mapToInt(Integer::parseInt).sum();
    }

    private int queueVisible(String queueUrl) {
        return Integer.parseInt(sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    public TemplateSettings template() { return template; }
    public ProvisionedResources resources() { return resources; }
    public DynamoDbClient dynamo() { return dynamo; }
    public SqsClient sqs() { return sqs; }
    public LocalBedrockServer bedrock() { return bedrock; }
    public DynaliteProcess dynalite() { return dynalite; }
    public ElasticMqServer elasticMq() { return elasticMq; }

    public Map<String, String> environment(String functionLogicalId) {
        return environments.get(functionLogicalId);
    }

    @Override
    public void close() {
        poller.close();
        bedrock.close();
        elasticMq.close();
        dynalite.close();
        dynamo.close();
        sqs.close();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
