package io.medsum.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.medsum.common.config.EnvNames;
import io.medsum.common.config.Settings;
import io.medsum.common.http.ApiResponses;
import io.medsum.common.http.ProblemType;
import io.medsum.local.bedrock.LocalBedrockServer;
import io.medsum.local.bedrock.LocalGuardrails;
import io.medsum.local.bedrock.ModelFaults;
import io.medsum.local.infra.DynaliteProcess;
import io.medsum.local.infra.ElasticMqServer;
import io.medsum.local.infra.FunctionDefinition;
import io.medsum.local.infra.LocalAwsClients;
import io.medsum.local.infra.LocalResources;
import io.medsum.local.infra.ProvisionedResources;
import io.medsum.local.infra.ProvisionedResources.PhysicalResource;
import io.medsum.local.infra.SqsEventSource;
import io.medsum.local.infra.TemplateSettings;
import io.medsum.local.lambda.ApiGatewayEvents;
import io.medsum.local.lambda.LocalLambdaContext;
import io.medsum.local.lambda.SqsEventSourcePoller;
import io.medsum.local.services.AwsJsonServer;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The whole pipeline on one machine: dynalite, ElasticMQ, the local Bedrock endpoint and the AWS JSON stand-in
 * (CloudWatch Logs, Secrets Manager, EventBridge), resources and settings read from template.yaml, and the real handler
 * classes named by the template, invoked with API Gateway proxy events and, for each SQS event source of the template
 * (the worker's reports queue, the notifier's notifications queue), SQS event-source-mapping batches.
 */
public final class LocalPipeline implements AutoCloseable {
    public static final String INGEST = "IngestFunction";
    public static final String WORKER = "WorkerFunction";
    public static final String STATUS = "StatusFunction";
    public static final String RECONCILER = "ReconcilerFunction";
    public static final String MODEL_WATCH = "ModelWatchFunction";
    public static final String WEBHOOKS = "WebhooksFunction";
    public static final String NOTIFIER = "NotifierFunction";
    /** The audit log group's name on the local stack (the template names it after the stack). */
    public static final String AUDIT_LOG_GROUP = "medsum-audit";
    /**
     * The API's base URL the functions are given (API_URL) when no gateway runs in front of the pipeline, as in the
     * pipeline tests, which call the router directly: where {@code ./medsum local} listens by default.
     */
    public static final URI DEFAULT_API_URL = URI.create("http://127.0.0.1:3000");
    /**
     * Set only on the local stack, on every function that applies the webhook destination rules (those the template
     * gives WEBHOOK_ALLOWED_HOSTS): receivers on {@code http://127.0.0.1} are allowed, as a developer's own are.
     */
    static final Map<String, String> LOCAL_WEBHOOK_ENVIRONMENT = Map.of(EnvNames.WEBHOOK_ALLOW_LOOPBACK, "true");

    private static final String CURSOR_KEY_SECRET = "medsum/cursor-key";

    /**
     * @param dataDirectory dynalite's data on disk, or null for in-memory
     * @param parameterOverrides template parameters, e.g. MaxReceiveCount
     * @param environmentOverrides set on every function after the template's values
     * @param requestObserver sees the functions' and the event source mapping's AWS requests (a counter), or null
     * @param apiUrl the base URL of the gateway in front of the pipeline, which the functions know as API_URL; null for
     *     {@link #DEFAULT_API_URL}
     */
    public record Options(
            Path dataDirectory,
            Map<String, String> parameterOverrides,
            Map<String, String> environmentOverrides,
            ModelFaults modelFaults,
            Endpoints external,
            ExecutionInterceptor requestObserver,
            URI apiUrl) {
        public Options {
            parameterOverrides = Map.copyOf(parameterOverrides);
            environmentOverrides = Map.copyOf(environmentOverrides);
        }

        /** Behind no gateway of its own. */
        public Options(
                Path dataDirectory,
                Map<String, String> parameterOverrides,
                Map<String, String> environmentOverrides,
                ModelFaults modelFaults,
                Endpoints external,
                ExecutionInterceptor requestObserver) {
            this(dataDirectory, parameterOverrides, environmentOverrides, modelFaults, external, requestObserver, null);
        }

        /** Counting no requests. */
        public Options(
                Path dataDirectory,
                Map<String, String> parameterOverrides,
                Map<String, String> environmentOverrides,
                ModelFaults modelFaults,
                Endpoints external) {
            this(dataDirectory, parameterOverrides, environmentOverrides, modelFaults, external, null);
        }

        public static Options inMemory() {
            return new Options(null, Map.of(), Map.of(), new ModelFaults(), Endpoints.NONE);
        }

        public Options withParameters(Map<String, String> overrides) {
            return new Options(
                    dataDirectory, overrides, environmentOverrides, modelFaults, external, requestObserver, apiUrl);
        }

        public Options withEnvironment(Map<String, String> overrides) {
            return new Options(
                    dataDirectory, parameterOverrides, overrides, modelFaults, external, requestObserver, apiUrl);
        }

        public Options onDisk(Path directory) {
            return new Options(
                    directory,
                    parameterOverrides,
                    environmentOverrides,
                    modelFaults,
                    external,
                    requestObserver,
                    apiUrl);
        }

        public Options withExternal(Endpoints endpoints) {
            return new Options(
                    dataDirectory,
                    parameterOverrides,
                    environmentOverrides,
                    modelFaults,
                    endpoints,
                    requestObserver,
                    apiUrl);
        }

        /**
         * Registers the counter on every SDK client of the functions and of the event source mapping, and on no other.
         */
        public Options countingRequests(SdkRequestCounter counter) {
            return observingRequests(counter);
        }

        /** Like {@link #countingRequests}, any observer of the functions' SDK calls (a benchmark's clock, say). */
        public Options observingRequests(ExecutionInterceptor observer) {
            return new Options(
                    dataDirectory, parameterOverrides, environmentOverrides, modelFaults, external, observer, apiUrl);
        }

        /** The gateway in front of the pipeline: its URL is the functions' API_URL (status links in notifications). */
        public Options withApiUrl(URI url) {
            return new Options(
                    dataDirectory,
                    parameterOverrides,
                    environmentOverrides,
                    modelFaults,
                    external,
                    requestObserver,
                    url);
        }
    }

    /**
     * Services to use instead of the embedded stand-ins: any null is started locally. With {@code realBedrock}, the
     * worker calls Amazon Bedrock itself with the default credentials chain.
     */
    public record Endpoints(URI sqs, URI dynamodb, URI bedrock, boolean realBedrock) {
        public static final Endpoints NONE = new Endpoints(null, null, null, false);
    }

    private final DynaliteProcess dynalite;
    private final ElasticMqServer elasticMq;
    private final LocalBedrockServer bedrock;
    private final AwsJsonServer services;
    private final URI dynamodbEndpoint;
    private final URI sqsEndpoint;
    private final URI bedrockEndpoint;
    private final DynamoDbClient dynamo;
    private final SqsClient sqs;
    /** The event source mapping's own client: in AWS the Lambda service polls, and SQS bills those requests too. */
    private final SqsClient eventSourceSqs;
    /** Added to every SDK client of the functions and of the event source mapping: the request counter, if any. */
    private final List<ExecutionInterceptor> functionInterceptors;

    private final ProvisionedResources resources;
    private final URI apiUrl;
    private final Map<String, String> environmentOverrides;
    /** The deployed functions; replaced as a whole by {@link #redeploy}, like a stack update. */
    private volatile Deployment deployment;

    /**
     * What a deploy of the template's functions produces: settings, environments, handler instances, routes, and one
     * event source mapping per SQS event, by function.
     */
    private record Deployment(
            TemplateSettings template,
            Map<String, String> parameterOverrides,
            Map<String, Map<String, String>> environments,
            Map<String, Object> handlers,
            ApiGatewayEvents api,
            Map<String, SqsEventSourcePoller> pollers) {
        SqsEventSourcePoller poller(String functionLogicalId) {
            SqsEventSourcePoller poller = pollers.get(functionLogicalId);
            if (poller == null) {
                throw new IllegalArgumentException(
                        functionLogicalId + " has no SQS event source; the template has " + pollers.keySet());
            }
            return poller;
        }

        boolean polling() {
            return pollers.values().stream().anyMatch(SqsEventSourcePoller::isRunning);
        }

        void startPolling() {
            pollers.values().forEach(SqsEventSourcePoller::start);
        }

        void stopPolling() {
            pollers.values().forEach(SqsEventSourcePoller::close);
        }
    }

    /** The embedded stand-ins this pipeline started (null where an external endpoint replaces one). */
    private record StandIns(
            DynaliteProcess dynalite, ElasticMqServer elasticMq, LocalBedrockServer bedrock, AwsJsonServer services) {
        /** Stops every one that runs, in reverse order of start, whatever the others do. */
        void stopQuietly() {
            for (AutoCloseable standIn : new AutoCloseable[] {services, bedrock, elasticMq, dynalite}) {
                if (standIn != null) {
                    try {
                        standIn.close();
                    } catch (Exception e) {
                        // Keep stopping the others: a stand-in left running would outlive the stack.
                    }
                }
            }
        }
    }

    private LocalPipeline(Options options, TemplateSettings template, StandIns standIns) throws Exception {
        this.environmentOverrides = Map.copyOf(options.environmentOverrides());
        Endpoints external = options.external();
        this.dynalite = standIns.dynalite();
        this.elasticMq = standIns.elasticMq();
        this.bedrock = standIns.bedrock();
        this.services = standIns.services();
        this.dynamodbEndpoint = external.dynamodb() != null ? external.dynamodb() : dynalite.endpoint();
        this.sqsEndpoint = external.sqs() != null ? external.sqs() : elasticMq.endpoint();
        this.bedrockEndpoint =
                external.realBedrock() ? null : external.bedrock() != null ? external.bedrock() : bedrock.endpoint();
        this.functionInterceptors = options.requestObserver() == null ? List.of() : List.of(options.requestObserver());
        this.dynamo = LocalAwsClients.dynamoDb(dynamodbEndpoint);
        this.sqs = LocalAwsClients.sqs(sqsEndpoint);
        this.eventSourceSqs = LocalAwsClients.sqs(sqsEndpoint, functionInterceptors);
        this.apiUrl = options.apiUrl() == null ? DEFAULT_API_URL : options.apiUrl();
        // The bus's queue targets are on the same SQS endpoint as everything else, embedded or external.
        services.events().deliverTo(sqs);
        try (CloudWatchLogsClient logs = LocalAwsClients.logs(services.endpoint());
                EventBridgeClient events = LocalAwsClients.events(services.endpoint())) {
            String cursorKey = services.secrets().ensureRandom(CURSOR_KEY_SECRET);
            this.resources = new LocalResources(dynamo, sqs, logs, events, template)
                    .provision()
                    .with(TemplateSettings.CURSOR_KEY_SECRET_ID, PhysicalResource.of(cursorKey, cursorKey));
        }
        this.deployment = deploy(template, options.parameterOverrides());
    }

    /** Builds every function the template names, with its template environment pointed at the local endpoints. */
    private Deployment deploy(TemplateSettings template, Map<String, String> parameterOverrides)
            throws ReflectiveOperationException {
        Map<String, Map<String, String>> environments = new LinkedHashMap<>();
        Map<String, Object> handlers = new LinkedHashMap<>();
        Map<String, Object> references = new HashMap<>(template.localReferences(resources, apiUrl));
        references.putAll(groundingGuardrail(template));
        for (FunctionDefinition function : template.functions()) {
            Map<String, String> env = new HashMap<>(LocalAwsClients.baseEnvironment());
            env.putAll(template.environment(function.logicalId(), references).variables());
            if (function.environment().containsKey(EnvNames.WEBHOOK_ALLOWED_HOSTS)) {
                env.putAll(LOCAL_WEBHOOK_ENVIRONMENT);
            }
            env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamodbEndpoint.toString());
            env.put("AWS_ENDPOINT_URL_SQS", sqsEndpoint.toString());
            env.put("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", services.endpoint().toString());
            env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", services.endpoint().toString());
            env.put("AWS_ENDPOINT_URL_EVENTBRIDGE", services.endpoint().toString());
            if (bedrockEndpoint != null) {
                // One stand-in serves both Bedrock APIs: Runtime (Converse) and the control plane's model reads.
                env.put("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", bedrockEndpoint.toString());
                env.put("AWS_ENDPOINT_URL_BEDROCK", bedrockEndpoint.toString());
            } else if (System.getenv("AWS_REGION") != null) {
                env.put("AWS_REGION", System.getenv("AWS_REGION")); // real Bedrock: the user's region
            }
            env.putAll(environmentOverrides);
            environments.put(function.logicalId(), Map.copyOf(env));
            handlers.put(function.logicalId(), instantiate(function, functionSettings(env)));
        }
        Map<String, SqsEventSourcePoller> pollers = new LinkedHashMap<>();
        for (SqsEventSource mapping : template.sqsEventSources()) {
            FunctionDefinition function = template.function(mapping.functionLogicalId());
            Settings settings = functionSettings(environments.get(function.logicalId()));
            @SuppressWarnings("unchecked")
            RequestHandler<SQSEvent, SQSBatchResponse> handler =
                    (RequestHandler<SQSEvent, SQSBatchResponse>) handlers.get(function.logicalId());
            // One handler instance per concurrent poller: in AWS each concurrent invocation has its own container.
            pollers.put(
                    function.logicalId(),
                    new SqsEventSourcePoller(
                            eventSourceSqs,
                            resources.ref(mapping.queueLogicalId()),
                            resources.arn(mapping.queueLogicalId()),
                            mapping,
                            function,
                            handler,
                            () -> newContainer(function, settings)));
        }
        return new Deployment(
                template,
                Map.copyOf(parameterOverrides),
                environments,
                handlers,
                new ApiGatewayEvents(template.apiRoutes()),
                pollers);
    }

    /**
     * The template's grounding guardrail (GroundingThreshold set), created on the Bedrock stand-in as CloudFormation
     * would create it in AWS: its id and published version become the worker's GUARDRAIL_ID and GUARDRAIL_VERSION. With
     * an external or real Bedrock there is no local guardrail to create: the variables stay unresolved, so the worker
     * runs with the grounding check off.
     */
    private Map<String, Object> groundingGuardrail(TemplateSettings template) {
        var threshold = template.groundingThreshold();
        if (threshold.isEmpty() || bedrock == null || !bedrock.endpoint().equals(bedrockEndpoint)) {
            return Map.of();
        }
        var guardrail = bedrock.guardrails().create(threshold.get());
        return TemplateSettings.guardrailReferences(guardrail.id(), LocalGuardrails.PUBLISHED_VERSION);
    }

    /**
     * Updates the functions with changed template parameters, as {@code sam deploy --parameter-overrides} would
     * (switching ModelId, say): new handler instances with the new environment; queues, table and their contents stay.
     * In-flight batches of the old worker finish first.
     */
    public void redeploy(Map<String, String> parameterChanges) {
        Deployment old = deployment;
        boolean polling = old.polling();
        old.stopPolling();
        Map<String, String> parameters = new HashMap<>(old.parameterOverrides());
        parameters.putAll(parameterChanges);
        try {
            deployment = deploy(TemplateSettings.fromProjectTemplate(parameters), parameters);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Could not redeploy the functions", e);
        }
        if (polling) {
            deployment.startPolling();
        }
    }

    /** Starts the stand-ins, then the functions; if any step fails, whatever was started is stopped again. */
    public static LocalPipeline start(Options options) {
        TemplateSettings template = TemplateSettings.fromProjectTemplate(options.parameterOverrides());
        Endpoints external = options.external();
        DynaliteProcess dynalite = null;
        ElasticMqServer elasticMq = null;
        LocalBedrockServer bedrock = null;
        AwsJsonServer services = null;
        try {
            dynalite = external.dynamodb() != null
                    ? null
                    : options.dataDirectory() == null
                            ? DynaliteProcess.startInMemory()
                            : DynaliteProcess.startOnDisk(options.dataDirectory());
            elasticMq = external.sqs() != null ? null : ElasticMqServer.start();
            bedrock = external.bedrock() != null || external.realBedrock()
                    ? null
                    : LocalBedrockServer.start(0, options.modelFaults());
            services = AwsJsonServer.start(options.dataDirectory());
            return new LocalPipeline(options, template, new StandIns(dynalite, elasticMq, bedrock, services));
        } catch (Exception e) {
            new StandIns(dynalite, elasticMq, bedrock, services).stopQuietly();
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("Could not start the local pipeline: " + e.getMessage(), e);
        }
    }

    private Settings functionSettings(Map<String, String> environment) {
        return new Settings(environment, functionInterceptors);
    }

    /** The handler class the template names, built from its environment like the Lambda runtime would. */
    private static Object instantiate(FunctionDefinition function, Settings settings)
            throws ReflectiveOperationException {
        try {
            return Class.forName(function.handlerClass())
                    .getConstructor(Settings.class)
                    .newInstance(settings);
        } catch (InvocationTargetException e) {
            // The handler's own failure (a bad setting, say) says more than the reflection wrapper.
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private static <I, O> RequestHandler<I, O> newContainer(FunctionDefinition function, Settings settings) {
        try {
            return (RequestHandler<I, O>) instantiate(function, settings);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot build " + function.logicalId(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private <I, O> RequestHandler<I, O> handler(String logicalId) {
        return (RequestHandler<I, O>) deployment.handlers().get(logicalId);
    }

    /** Invokes the function the template routes this request to, as API Gateway would. */
    public APIGatewayProxyResponseEvent invoke(
            String method,
            String path,
            Map<String, String> query,
            Map<String, String> headers,
            String body,
            boolean base64,
            String apiKey) {
        Deployment current = deployment;
        Optional<ApiGatewayEvents.Match> match = current.api().match(method, path);
        if (match.isEmpty()) {
            return ApiResponses.problem(ProblemType.NOT_FOUND, "No such resource");
        }
        if (!match.get().route().method().equalsIgnoreCase(method)) {
            APIGatewayProxyResponseEvent refused =
                    ApiResponses.problem(ProblemType.METHOD_NOT_ALLOWED, "Method not allowed on this resource");
            Map<String, String> withAllow = new HashMap<>(refused.getHeaders());
            withAllow.put("Allow", String.join(", ", current.api().allowedMethods(path)));
            return refused.withHeaders(withAllow);
        }
        String functionId = match.get().route().functionLogicalId();
        FunctionDefinition function = current.template().function(functionId);
        APIGatewayProxyRequestEvent event =
                current.api().event(match.get(), method, path, query, headers, body, base64, apiKey);
        RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler = handler(functionId);
        return handler.handleRequest(event, new LocalLambdaContext(functionId, function.memorySizeMb(), (int)
                function.timeout().toSeconds()));
    }

    /** Runs the scheduled reconciler once. */
    public Map<String, Object> reconcile() {
        return invokeScheduled(RECONCILER);
    }

    /** Runs a scheduled function once, as its schedule would. */
    public Map<String, Object> invokeScheduled(String logicalId) {
        FunctionDefinition function = template().function(logicalId);
        RequestHandler<Map<String, Object>, Map<String, Object>> handler = handler(logicalId);
        return handler.handleRequest(Map.of(), new LocalLambdaContext(logicalId, function.memorySizeMb(), (int)
                function.timeout().toSeconds()));
    }

    /** Delivers one batch to the worker if a message is visible; returns how many messages it carried. */
    public int deliverOnce() {
        return deliverOnce(WORKER);
    }

    /** Delivers one batch of its queue to this function if a message is visible, as its event source would. */
    public int deliverOnce(String functionLogicalId) {
        return deployment.poller(functionLogicalId).pollOnce(Duration.ZERO);
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

    /**
     * Another event source mapping on the reports queue, feeding the given handler (chaos harnesses wrap the worker).
     */
    public SqsEventSourcePoller newPoller(RequestHandler<SQSEvent, SQSBatchResponse> worker) {
        var mapping = template().workerEventSource();
        return new SqsEventSourcePoller(
                eventSourceSqs,
                resources.queueUrl(),
                resources.queueArn(),
                mapping,
                template().function(mapping.functionLogicalId()),
                worker);
    }

    /** The handler instance the template names for this function, as the pipeline invokes it. */
    public <I, O> RequestHandler<I, O> functionHandler(String logicalId) {
        return handler(logicalId);
    }

    /** A second instance of a function with some environment changed, e.g. an ingest whose queue is unreachable. */
    public Object newFunctionInstance(String logicalId, Map<String, String> environmentChanges) {
        Map<String, String> env = new HashMap<>(deployment.environments().get(logicalId));
        env.putAll(environmentChanges);
        try {
            return instantiate(template().function(logicalId), functionSettings(env));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot build " + logicalId, e);
        }
    }

    /** Starts every background event source mapping (each with its MaximumConcurrency pollers). */
    public void startPolling() {
        deployment.startPolling();
    }

    /** Starts one function's event source mapping only (a harness runs the others its own way). */
    public void startPolling(String functionLogicalId) {
        deployment.poller(functionLogicalId).start();
    }

    public int queueDepth(String queueUrl) {
        var attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                        .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                .attributes();
        return attributes.values().stream().mapToInt(Integer::parseInt).sum();
    }

    private int queueVisible(String queueUrl) {
        return Integer.parseInt(sqs.getQueueAttributes(
                        b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    public TemplateSettings template() {
        return deployment.template();
    }

    public ProvisionedResources resources() {
        return resources;
    }

    /** The API's base URL as the functions know it (API_URL). */
    public URI apiUrl() {
        return apiUrl;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public URI dynamodbEndpoint() {
        return dynamodbEndpoint;
    }

    public URI sqsEndpoint() {
        return sqsEndpoint;
    }
    /** Null when the worker calls Amazon Bedrock itself. */
    public URI bedrockEndpoint() {
        return bedrockEndpoint;
    }

    /** The embedded Bedrock stand-in and its fault switches. */
    public LocalBedrockServer bedrock() {
        if (bedrock == null) {
            throw new IllegalStateException("This pipeline uses an external Bedrock endpoint");
        }
        return bedrock;
    }

    public DynaliteProcess dynalite() {
        if (dynalite == null) {
            throw new IllegalStateException("This pipeline uses an external DynamoDB endpoint");
        }
        return dynalite;
    }

    public Map<String, String> environment(String functionLogicalId) {
        return deployment.environments().get(functionLogicalId);
    }

    /** Stops polling first (in-flight batches finish or return their messages), then the stand-ins. */
    @Override
    public void close() {
        deployment.stopPolling();
        dynamo.close();
        sqs.close();
        eventSourceSqs.close();
        new StandIns(dynalite, elasticMq, bedrock, services).stopQuietly();
    }

    /**
     * The CloudWatch Logs, Secrets Manager and EventBridge stand-in (the audit trail and events log, the cursor key and
     * webhook secrets, the notification bus and its outage switch).
     */
    public AwsJsonServer services() {
        return services;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
