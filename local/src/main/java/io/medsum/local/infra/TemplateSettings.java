package io.medsum.local.infra;

import io.medsum.common.json.Json;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings the local stack and the tests take from template.yaml, so no value is repeated in Java: the tables, the
 * queues with their redrive, the notification bus with its rules and targets, the log groups something writes to, the
 * functions with their environment, API routes, the SQS event source mappings and scheduled events. Only logical ids
 * are named here.
 *
 * <p>Parameters take their template defaults unless overridden, e.g. {@code MaxReceiveCount=3} to exercise the
 * dead-letter path with fewer deliveries. Resources with a {@code Condition} count only when it holds.
 */
public final class TemplateSettings {

    public static final String TABLE_ID = "PatientReportsTable";
    /** The work queue; its dead-letter queue is whatever its RedrivePolicy targets. */
    public static final String QUEUE_ID = "ReportsQueue";

    /** The webhook registrations. */
    public static final String WEBHOOKS_TABLE_ID = "WebhooksTable";
    /** The queue the notification bus feeds the notifier from; its dead-letter queue is its RedrivePolicy's. */
    public static final String NOTIFICATIONS_QUEUE_ID = "NotificationsQueue";

    public static final String NOTIFICATION_BUS_ID = "NotificationBus";
    /** Every notification published, as the bus's log rule writes it ({@code ./medsum events tail}). */
    public static final String EVENTS_LOG_GROUP_ID = "EventsLogGroup";

    public static final String AUDIT_LOG_GROUP_ID = "AuditLogGroup";
    public static final String CURSOR_KEY_SECRET_ID = "CursorKeySecret";
    /** The stack's KMS key; locally a fixed stand-in ARN, see {@link #LOCAL_DATA_KEY_ARN}. */
    public static final String DATA_KEY_ID = "DataKey";

    /** The optional grounding guardrail and its published version (template parameter GroundingThreshold). */
    public static final String GUARDRAIL_ID = "GroundingGuardrail";

    public static final String GUARDRAIL_VERSION_ID = "GroundingGuardrailVersion";

    /**
     * The stack name {@code ${AWS::StackName}} stands for locally, e.g. in the webhooks' secret prefix
     * {@code medsum/local/webhooks}.
     */
    public static final String LOCAL_STACK_NAME = "local";
    /**
     * What {@code !GetAtt DataKey.Arn} stands for locally: a fixed key ARN, so the code that passes a KMS key on (the
     * webhooks' CreateSecret) runs as deployed. The Secrets Manager stand-in records it and encrypts with its own key.
     */
    public static final String LOCAL_DATA_KEY_ARN =
            "arn:aws:kms:us-east-1:" + LocalAwsClients.ACCOUNT_ID + ":key/00000000-0000-4000-8000-00000000da7a";
    /**
     * The reference key whose value stands for the API's base URL wherever the template writes it as its ApiUrl output
     * does ({@code https://${MedsumApi}.execute-api...}): locally the gateway's own URL.
     */
    public static final String API_BASE_URL = "Outputs.ApiUrl";

    private static final String API_URL_OUTPUT = "ApiUrl";
    private static final String FUNCTION_TYPE = "AWS::Serverless::Function";
    private static final String TABLE_TYPE = "AWS::DynamoDB::Table";
    private static final String QUEUE_TYPE = "AWS::SQS::Queue";
    private static final String EVENT_BUS_TYPE = "AWS::Events::EventBus";
    private static final String RULE_TYPE = "AWS::Events::Rule";
    private static final String LOG_GROUP_TYPE = "AWS::Logs::LogGroup";
    private static final Pattern RATE = Pattern.compile("rate\\(\\s*(\\d+)\\s+(minutes?|hours?|days?)\\s*\\)");
    private static final Pattern SUB_NAME = Pattern.compile("\\$\\{([^}!][^}]*)}");
    // SAM's documented defaults, used when neither the function nor Globals set a value.
    private static final int SAM_DEFAULT_TIMEOUT_SECONDS = 3;
    private static final int SAM_DEFAULT_MEMORY_MB = 128;
    private static final int SQS_DEFAULT_BATCH_SIZE = 10;

    private final CloudFormationTemplate template;
    private final Map<String, String> parameters;
    private final Map<String, TableDefinition> tables = new LinkedHashMap<>();
    private final Map<String, QueueDefinition> queues = new LinkedHashMap<>();
    private final TableDefinition table;
    private final QueueDefinition queue;
    private final QueueDefinition deadLetterQueue;
    private final List<FunctionDefinition> functions;
    private final List<ApiRoute> apiRoutes = new ArrayList<>();
    private final List<SqsEventSource> sqsEventSources = new ArrayList<>();
    private final List<ScheduledEvent> scheduledEvents = new ArrayList<>();
    private final List<String> eventBusIds;
    private final List<String> eventRuleIds;
    private final List<String> logGroupIds;

    private TemplateSettings(CloudFormationTemplate template, Map<String, String> parameterOverrides) {
        this.template = template;
        this.parameters = template.parameterValues(parameterOverrides);
        existingIds(TABLE_TYPE).forEach(id -> tables.put(id, readTable(id)));
        existingIds(QUEUE_TYPE).forEach(id -> queues.put(id, readQueue(id)));
        this.table = required(tables, TABLE_ID);
        this.queue = required(queues, QUEUE_ID);
        if (queue.redrivePolicy() == null) {
            throw new IllegalArgumentException(
                    "Template: " + QUEUE_ID + " has no RedrivePolicy, so no dead-letter queue");
        }
        for (QueueDefinition source : queues.values()) {
            if (source.redrivePolicy() != null) {
                required(queues, source.redrivePolicy().deadLetterQueueLogicalId());
            }
        }
        this.deadLetterQueue = queues.get(queue.redrivePolicy().deadLetterQueueLogicalId());
        this.functions = template.resourcesOfType(FUNCTION_TYPE).stream()
                .map(this::readFunction)
                .toList();
        template.resourcesOfType(FUNCTION_TYPE).forEach(this::readEvents);
        this.eventBusIds = existingIds(EVENT_BUS_TYPE);
        this.eventRuleIds = existingIds(RULE_TYPE);
        this.logGroupIds = logGroupsWrittenTo();
    }

    public static TemplateSettings from(CloudFormationTemplate template, Map<String, String> parameterOverrides) {
        return new TemplateSettings(template, parameterOverrides);
    }

    /** Settings from the project's template.yaml with the given parameter overrides. */
    public static TemplateSettings fromProjectTemplate(Map<String, String> parameterOverrides) {
        return from(CloudFormationTemplate.loadProjectTemplate(), parameterOverrides);
    }

    public static TemplateSettings fromProjectTemplate() {
        return fromProjectTemplate(Map.of());
    }

    public CloudFormationTemplate template() {
        return template;
    }

    /** Every template parameter's value: override, else default. */
    public Map<String, String> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    public String parameter(String name) {
        String value = parameters.get(name);
        if (value == null) {
            throw new IllegalArgumentException("Unknown template parameter '" + name + "'");
        }
        return value;
    }

    /** The reports table. */
    public TableDefinition table() {
        return table;
    }

    /** Every table of the template, in template order. */
    public List<TableDefinition> tables() {
        return List.copyOf(tables.values());
    }

    public TableDefinition table(String logicalId) {
        return required(tables, logicalId);
    }

    /** The reports queue. */
    public QueueDefinition queue() {
        return queue;
    }

    /** The reports queue's dead-letter queue. */
    public QueueDefinition deadLetterQueue() {
        return deadLetterQueue;
    }

    /** Every queue of the template, dead-letter queues before the queues that redrive to them. */
    public List<QueueDefinition> queues() {
        List<QueueDefinition> ordered = new ArrayList<>();
        queues.values().stream().filter(q -> q.redrivePolicy() == null).forEach(ordered::add);
        queues.values().stream().filter(q -> q.redrivePolicy() != null).forEach(ordered::add);
        return ordered;
    }

    public QueueDefinition queue(String logicalId) {
        return required(queues, logicalId);
    }

    /** The EventBridge buses the template creates. */
    public List<String> eventBusIds() {
        return List.copyOf(eventBusIds);
    }

    /** The EventBridge rules the template puts on its buses. */
    public List<String> eventRuleIds() {
        return List.copyOf(eventRuleIds);
    }

    /**
     * The log groups something writes to on the local stack: those a function's environment names (the audit trail) and
     * those a rule targets (the events log). The functions' own diagnostic groups are not served: locally their logs go
     * to the console.
     */
    public List<String> logGroupIds() {
        return List.copyOf(logGroupIds);
    }

    public List<FunctionDefinition> functions() {
        return List.copyOf(functions);
    }

    public FunctionDefinition function(String logicalId) {
        return functions.stream()
                .filter(function -> function.logicalId().equals(logicalId))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("The template has no function '" + logicalId
                        + "'; it has "
                        + functions.stream().map(FunctionDefinition::logicalId).toList()));
    }

    public List<ApiRoute> apiRoutes() {
        return List.copyOf(apiRoutes);
    }

    public List<SqsEventSource> sqsEventSources() {
        return List.copyOf(sqsEventSources);
    }

    /** The event source mapping that feeds the work queue to the worker function. */
    public SqsEventSource workerEventSource() {
        return sqsEventSources.stream()
                .filter(source -> source.queueLogicalId().equals(QUEUE_ID))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No function has an SQS event on " + QUEUE_ID));
    }

    /** The SQS event source mapping of a function. */
    public SqsEventSource sqsEventSource(String functionLogicalId) {
        return sqsEventSources.stream()
                .filter(source -> source.functionLogicalId().equals(functionLogicalId))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(functionLogicalId + " has no SQS event"));
    }

    public List<ScheduledEvent> scheduledEvents() {
        return List.copyOf(scheduledEvents);
    }

    /**
     * The values {@code Ref} and {@code GetAtt} stand for on the local stack: each provisioned resource's {@code Ref}
     * value (table and log group names, queue URLs, bus names) and ARN ({@code Id.Arn}), a queue's name
     * ({@code Id.QueueName}), the data key's stand-in ({@link #LOCAL_DATA_KEY_ARN}), the pseudo parameters with the
     * region and account of {@link LocalAwsClients} and the stack name {@link #LOCAL_STACK_NAME}, and the API's base
     * URL ({@link #API_BASE_URL}): the local gateway's.
     */
    public Map<String, Object> localReferences(ProvisionedResources resources, URI apiUrl) {
        Map<String, Object> references = new LinkedHashMap<>();
        resources.byLogicalId().forEach((id, resource) -> {
            references.put(id, resource.ref());
            if (resource.arn() != null) {
                references.put(id + ".Arn", resource.arn());
            }
            if (queues.containsKey(id)) {
                references.put(id + ".QueueName", lastPathSegment(resource.ref()));
            }
        });
        references.put(DATA_KEY_ID, LOCAL_DATA_KEY_ARN.substring(LOCAL_DATA_KEY_ARN.lastIndexOf('/') + 1));
        references.put(DATA_KEY_ID + ".Arn", LOCAL_DATA_KEY_ARN);
        references.put("AWS::Region", LocalAwsClients.REGION.id());
        references.put("AWS::AccountId", LocalAwsClients.ACCOUNT_ID);
        references.put("AWS::Partition", "aws");
        references.put("AWS::StackName", LOCAL_STACK_NAME);
        references.put("AWS::URLSuffix", "amazonaws.com");
        references.put(API_BASE_URL, stripTrailingSlash(apiUrl.toString()));
        return references;
    }

    /**
     * The references an event rule's properties need before the rest is provisioned: the provisioned resources (queues,
     * log groups, buses) without an API URL, which no rule names.
     */
    Map<String, Object> provisioningReferences(ProvisionedResources resources) {
        return localReferences(resources, URI.create("http://127.0.0.1"));
    }

    /**
     * The threshold of the grounding guardrail's GROUNDING filter, when the template creates the guardrail for these
     * parameters (GroundingThreshold set); empty when the grounding check is off.
     */
    public Optional<Double> groundingThreshold() {
        if (!template.exists(GUARDRAIL_ID, Map.copyOf(parameters))) {
            return Optional.empty();
        }
        Map<String, Object> policy = CloudFormationTemplate.asMap(
                template.properties(GUARDRAIL_ID).get("ContextualGroundingPolicyConfig"),
                GUARDRAIL_ID + ".ContextualGroundingPolicyConfig");
        return listOfMaps(policy.get("FiltersConfig")).stream()
                .filter(filter -> "GROUNDING".equals(text(filter.get("Type"))))
                .map(filter -> Double.parseDouble(text(filter.get("Threshold"))))
                .findFirst();
    }

    /** What {@code !GetAtt} of the guardrail and its version stand for, given the id the stand-in gave it. */
    public static Map<String, Object> guardrailReferences(String guardrailId, String version) {
        return Map.of(
                GUARDRAIL_ID + ".GuardrailId", guardrailId,
                GUARDRAIL_ID + ".GuardrailArn",
                        "arn:aws:bedrock:" + LocalAwsClients.REGION.id() + ":" + LocalAwsClients.ACCOUNT_ID
                                + ":guardrail/" + guardrailId,
                GUARDRAIL_VERSION_ID + ".Version", version);
    }

    /** The function's environment with {@link #localReferences} of the provisioned resources and the gateway's URL. */
    public FunctionEnvironment environment(String functionLogicalId, ProvisionedResources resources, URI apiUrl) {
        return environment(functionLogicalId, localReferences(resources, apiUrl));
    }

    /**
     * The function's environment resolved: parameters become their values, {@code Ref}/{@code GetAtt} the given
     * reference values, and a value written exactly as the template's ApiUrl output the {@link #API_BASE_URL} value. A
     * variable that cannot be resolved (e.g. it names a resource the local stack does not have) is left out and listed
     * with the reason, rather than failing the stack.
     */
    public FunctionEnvironment environment(String functionLogicalId, Map<String, Object> refValues) {
        Map<String, String> variables = new LinkedHashMap<>();
        Map<String, String> unresolved = new LinkedHashMap<>();
        Object apiUrl = apiUrlExpression();
        function(functionLogicalId).environment().forEach((name, raw) -> {
            try {
                Object value = raw.equals(apiUrl) ? apiBaseUrl(refValues) : resolve(raw, refValues);
                if (value == null) {
                    return; // !Ref AWS::NoValue: CloudFormation leaves the variable out, and so do we
                }
                if (value instanceof Map<?, ?> || value instanceof List<?>) {
                    unresolved.put(name, "not a scalar: " + value);
                } else {
                    variables.put(name, String.valueOf(value));
                }
            } catch (UnresolvableValueException e) {
                unresolved.put(name, e.getMessage());
            }
        });
        return new FunctionEnvironment(variables, unresolved);
    }

    /** The ApiUrl output's expression as written, or a marker nothing equals when the template has no such output. */
    private Object apiUrlExpression() {
        Object output = template.outputs().get(API_URL_OUTPUT);
        return output instanceof Map<?, ?> definition && definition.get("Value") != null
                ? definition.get("Value")
                : new Object();
    }

    private static Object apiBaseUrl(Map<String, Object> refValues) {
        Object url = refValues.get(API_BASE_URL);
        if (url == null) {
            throw new UnresolvableValueException("The API's base URL (" + API_BASE_URL + ") was not supplied");
        }
        return url;
    }

    /**
     * A rule resolved with the local references: its bus, its pattern as JSON, its state and its targets.
     *
     * @throws UnresolvableValueException when a target or the bus names something not provisioned
     */
    public EventRuleDefinition eventRule(String logicalId, Map<String, Object> refValues) {
        Map<String, Object> properties = CloudFormationTemplate.asMap(
                resolve(template.properties(logicalId), refValues), logicalId + ".Properties");
        Object pattern = properties.get("EventPattern");
        if (!(pattern instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("Template: " + logicalId
                    + " has no EventPattern; only pattern rules run locally (schedules are the functions' own)");
        }
        List<EventRuleDefinition.Target> targets = new ArrayList<>();
        for (Map<String, Object> target : listOfMaps(properties.get("Targets"))) {
            Map<String, Object> deadLetter =
                    CloudFormationTemplate.optionalMap(target.get("DeadLetterConfig"), logicalId + ".DeadLetterConfig");
            Map<String, Object> retry =
                    CloudFormationTemplate.optionalMap(target.get("RetryPolicy"), logicalId + ".RetryPolicy");
            targets.add(new EventRuleDefinition.Target(
                    text(target.get("Id")),
                    text(target.get("Arn")),
                    deadLetter.get("Arn") == null ? null : text(deadLetter.get("Arn")),
                    optionalInteger(retry.get("MaximumRetryAttempts")),
                    optionalInteger(retry.get("MaximumEventAgeInSeconds"))));
        }
        return new EventRuleDefinition(
                logicalId,
                properties.get("EventBusName") == null ? "default" : text(properties.get("EventBusName")),
                Json.write(pattern),
                properties.get("State") == null ? "ENABLED" : text(properties.get("State")),
                properties.get("Description") == null ? null : text(properties.get("Description")),
                targets);
    }

    /** A resource's properties resolved with the local references, e.g. a bus's Description and KmsKeyIdentifier. */
    public Map<String, Object> resolvedProperties(String logicalId, Map<String, Object> refValues) {
        return CloudFormationTemplate.asMap(
                resolve(template.properties(logicalId), refValues), logicalId + ".Properties");
    }

    private Object resolve(Object raw, Map<String, Object> refValues) {
        return template.resolve(raw, Map.copyOf(parameters), refValues);
    }

    private TableDefinition readTable(String logicalId) {
        Map<String, Object> properties = template.properties(logicalId);
        List<TableDefinition.AttributeDefinition> attributes =
                listOfMaps(properties.get("AttributeDefinitions")).stream()
                        .map(attribute -> new TableDefinition.AttributeDefinition(
                                text(attribute.get("AttributeName")), text(attribute.get("AttributeType"))))
                        .toList();
        List<TableDefinition.SecondaryIndex> indexes = listOfMaps(properties.get("GlobalSecondaryIndexes")).stream()
                .map(this::readIndex)
                .toList();
        Map<String, Object> ttl = CloudFormationTemplate.optionalMap(
                properties.get("TimeToLiveSpecification"), logicalId + ".TimeToLiveSpecification");
        String ttlAttribute = Boolean.parseBoolean(text(ttl.getOrDefault("Enabled", "false")))
                ? text(ttl.get("AttributeName"))
                : null;
        return new TableDefinition(
                logicalId,
                text(properties.getOrDefault("BillingMode", "PROVISIONED")),
                keySchema(properties.get("KeySchema")),
                attributes,
                indexes,
                ttlAttribute);
    }

    private TableDefinition.SecondaryIndex readIndex(Map<String, Object> index) {
        Map<String, Object> projection = CloudFormationTemplate.optionalMap(index.get("Projection"), "Projection");
        List<String> nonKeyAttributes = projection.get("NonKeyAttributes") instanceof List<?> names
                ? names.stream().map(this::text).toList()
                : List.of();
        return new TableDefinition.SecondaryIndex(
                text(index.get("IndexName")),
                keySchema(index.get("KeySchema")),
                text(projection.getOrDefault("ProjectionType", "ALL")),
                nonKeyAttributes);
    }

    private List<TableDefinition.KeyAttribute> keySchema(Object raw) {
        return listOfMaps(raw).stream()
                .map(key -> new TableDefinition.KeyAttribute(text(key.get("AttributeName")), text(key.get("KeyType"))))
                .toList();
    }

    private QueueDefinition readQueue(String logicalId) {
        Map<String, Object> properties = template.properties(logicalId);
        QueueDefinition.RedrivePolicy redrive = null;
        if (properties.get("RedrivePolicy") != null) {
            Map<String, Object> policy =
                    CloudFormationTemplate.asMap(properties.get("RedrivePolicy"), logicalId + ".RedrivePolicy");
            redrive = new QueueDefinition.RedrivePolicy(
                    referencedResource(policy.get("deadLetterTargetArn")), integer(policy.get("maxReceiveCount")));
        }
        return new QueueDefinition(
                logicalId,
                optionalInteger(properties.get("VisibilityTimeout")),
                optionalInteger(properties.get("MessageRetentionPeriod")),
                redrive);
    }

    private FunctionDefinition readFunction(CloudFormationTemplate.Resource resource) {
        Map<String, Object> globals = template.globals("Function");
        Map<String, Object> properties = resource.properties();
        Map<String, Object> environment = new LinkedHashMap<>(environmentVariables(globals, "Globals.Function"));
        environment.putAll(environmentVariables(properties, resource.logicalId()));
        int timeout = integerOr(properties.get("Timeout"), globals.get("Timeout"), SAM_DEFAULT_TIMEOUT_SECONDS);
        int memory = integerOr(properties.get("MemorySize"), globals.get("MemorySize"), SAM_DEFAULT_MEMORY_MB);
        return new FunctionDefinition(
                resource.logicalId(),
                text(properties.get("Handler")),
                Duration.ofSeconds(timeout),
                memory,
                environment);
    }

    private static Map<String, Object> environmentVariables(Map<String, Object> owner, String where) {
        Map<String, Object> environment =
                CloudFormationTemplate.optionalMap(owner.get("Environment"), where + ".Environment");
        return CloudFormationTemplate.optionalMap(environment.get("Variables"), where + ".Environment.Variables");
    }

    private void readEvents(CloudFormationTemplate.Resource function) {
        Map<String, Object> events = CloudFormationTemplate.optionalMap(
                function.properties().get("Events"), function.logicalId() + ".Events");
        events.forEach((eventName, definition) -> {
            Map<String, Object> event =
                    CloudFormationTemplate.asMap(definition, function.logicalId() + "." + eventName);
            Map<String, Object> properties = CloudFormationTemplate.optionalMap(event.get("Properties"), eventName);
            switch (text(event.get("Type"))) {
                case "Api" ->
                    apiRoutes.add(new ApiRoute(
                            text(properties.get("Method")).toUpperCase(Locale.ROOT),
                            text(properties.get("Path")),
                            function.logicalId(),
                            eventName));
                case "SQS" -> sqsEventSources.add(readSqsEvent(function.logicalId(), eventName, properties));
                case "Schedule", "ScheduleV2" ->
                    scheduledEvents.add(readSchedule(
                            function.logicalId(),
                            eventName,
                            text(
                                    properties.containsKey("Schedule")
                                            ? properties.get("Schedule")
                                            : properties.get("ScheduleExpression"))));
                default -> {
                    // Other event kinds (S3, streams, ...) have no local runner; the template has none today.
                }
            }
        });
    }

    private SqsEventSource readSqsEvent(String functionId, String eventName, Map<String, Object> properties) {
        Map<String, Object> scaling =
                CloudFormationTemplate.optionalMap(properties.get("ScalingConfig"), eventName + ".ScalingConfig");
        List<String> responseTypes = properties.get("FunctionResponseTypes") instanceof List<?> types
                ? types.stream().map(this::text).toList()
                : List.of();
        return new SqsEventSource(
                functionId,
                eventName,
                referencedResource(properties.get("Queue")),
                integerOr(properties.get("BatchSize"), null, SQS_DEFAULT_BATCH_SIZE),
                Duration.ofSeconds(integerOr(properties.get("MaximumBatchingWindowInSeconds"), null, 0)),
                responseTypes,
                optionalInteger(scaling.get("MaximumConcurrency")));
    }

    private ScheduledEvent readSchedule(String functionId, String eventName, String expression) {
        Matcher rate = RATE.matcher(expression.trim());
        if (!rate.matches()) {
            // Cron needs a calendar scheduler; fail loudly rather than silently never running the function.
            throw new IllegalArgumentException("Schedule '" + expression + "' of " + functionId + "." + eventName
                    + " is not a rate(N minutes|hours|days) expression; only rates run locally");
        }
        long amount = Long.parseLong(rate.group(1));
        Duration period = switch (rate.group(2).replaceAll("s$", "")) {
            case "minute" -> Duration.ofMinutes(amount);
            case "hour" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        return new ScheduledEvent(functionId, eventName, expression, period);
    }

    /** The logical id a {@code !Ref X} or {@code !GetAtt X.Attr} points at. */
    private static String referencedResource(Object value) {
        Intrinsic intrinsic = value instanceof Intrinsic direct
                ? direct
                : Intrinsic.fromLongForm(value)
                        .orElseThrow(() -> new IllegalArgumentException(
                                "Template: expected a !Ref or !GetAtt to a resource, got " + value));
        Object argument = intrinsic.value() instanceof List<?> parts ? parts.get(0) : intrinsic.value();
        String name = String.valueOf(argument);
        return switch (intrinsic.name()) {
            case "Ref" -> name;
            case "Fn::GetAtt" -> name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
            default -> throw new IllegalArgumentException("Template: expected a !Ref or !GetAtt, got " + intrinsic);
        };
    }

    private int integer(Object raw) {
        Object value = resolve(raw, Map.of());
        try {
            return Integer.parseInt(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Template: expected a whole number, got " + raw + " = " + value, e);
        }
    }

    private Integer optionalInteger(Object raw) {
        return raw == null ? null : integer(raw);
    }

    private int integerOr(Object raw, Object fallback, int defaultValue) {
        if (raw != null) {
            return integer(raw);
        }
        return fallback != null ? integer(fallback) : defaultValue;
    }

    private String text(Object raw) {
        Object value = resolve(raw, Map.of());
        if (value == null || value instanceof Map<?, ?> || value instanceof List<?>) {
            throw new IllegalArgumentException("Template: expected a text value, got " + raw);
        }
        return String.valueOf(value);
    }

    private static List<Map<String, Object>> listOfMaps(Object raw) {
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> list)) {
            throw new IllegalArgumentException("Template: expected a list, got " + raw);
        }
        return list.stream()
                .map(item -> CloudFormationTemplate.asMap(item, String.valueOf(item)))
                .toList();
    }

    private static String lastPathSegment(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The resources of a type that exist for these parameters (their Condition holds, or they have none). */
    private List<String> existingIds(String type) {
        return template.resourcesOfType(type).stream()
                .map(CloudFormationTemplate.Resource::logicalId)
                .filter(id -> template.exists(id, Map.copyOf(parameters)))
                .toList();
    }

    private static <T> T required(Map<String, T> definitions, String logicalId) {
        T definition = definitions.get(logicalId);
        if (definition == null) {
            throw new IllegalArgumentException(
                    "The template has no '" + logicalId + "' of the expected type; it has " + definitions.keySet());
        }
        return definition;
    }

    private List<String> logGroupsWrittenTo() {
        Set<String> named = new LinkedHashSet<>();
        functions.forEach(function -> function.environment().values().forEach(raw -> referencedIds(raw, named)));
        eventRuleIds.forEach(rule -> referencedIds(template.properties(rule).get("Targets"), named));
        return existingIds(LOG_GROUP_TYPE).stream().filter(named::contains).toList();
    }

    /** The logical ids a value refers to through Ref, GetAtt or Sub, added to {@code into}. */
    static void referencedIds(Object raw, Set<String> into) {
        Intrinsic intrinsic = raw instanceof Intrinsic direct
                ? direct
                : Intrinsic.fromLongForm(raw).orElse(null);
        if (intrinsic != null) {
            Object argument = intrinsic.value();
            switch (intrinsic.name()) {
                case "Ref" -> into.add(String.valueOf(argument));
                case "Fn::GetAtt" -> {
                    String name = String.valueOf(argument instanceof List<?> parts ? parts.get(0) : argument);
                    into.add(name.contains(".") ? name.substring(0, name.indexOf('.')) : name);
                }
                case "Fn::Sub" -> {
                    Object text = argument instanceof List<?> parts ? parts.get(0) : argument;
                    Matcher names = SUB_NAME.matcher(String.valueOf(text));
                    while (names.find()) {
                        String name = names.group(1).trim();
                        into.add(name.contains(".") ? name.substring(0, name.indexOf('.')) : name);
                    }
                    if (argument instanceof List<?> parts && parts.size() > 1) {
                        referencedIds(parts.get(1), into);
                    }
                }
                default -> referencedIds(argument, into);
            }
            return;
        }
        if (raw instanceof Map<?, ?> map) {
            map.values().forEach(value -> referencedIds(value, into));
        } else if (raw instanceof List<?> list) {
            list.forEach(value -> referencedIds(value, into));
        }
    }
}
