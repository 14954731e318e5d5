package io.medsum.local.infra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings the local stack and the tests take from template.yaml, so no value is repeated in Java: the table, the
 * queue pair, the functions with their environment, API routes, the worker's event source mapping and scheduled events.
 * Only logical ids are named here.
 *
 * <p>Parameters take their template defaults unless overridden, e.g. {@code MaxReceiveCount=3} to exercise the
 * dead-letter path with fewer deliveries.
 */
public final class TemplateSettings {

    public static final String TABLE_ID = "PatientReportsTable";
    /** The work queue; its dead-letter queue is whatever its RedrivePolicy targets. */
    public static final String QUEUE_ID = "ReportsQueue";

    /** The optional grounding guardrail and its published version (template parameter GroundingThreshold). */
    public static final String GUARDRAIL_ID = "GroundingGuardrail";

    public static final String GUARDRAIL_VERSION_ID = "GroundingGuardrailVersion";

    private static final String FUNCTION_TYPE = "AWS::Serverless::Function";
    private static final Pattern RATE = Pattern.compile("rate\\(\\s*(\\d+)\\s+(minutes?|hours?|days?)\\s*\\)");
    // SAM's documented defaults, used when neither the function nor Globals set a value.
    private static final int SAM_DEFAULT_TIMEOUT_SECONDS = 3;
    private static final int SAM_DEFAULT_MEMORY_MB = 128;
    private static final int SQS_DEFAULT_BATCH_SIZE = 10;

    private final CloudFormationTemplate template;
    private final Map<String, String> parameters;
    private final TableDefinition table;
    private final QueueDefinition queue;
    private final QueueDefinition deadLetterQueue;
    private final List<FunctionDefinition> functions;
    private final List<ApiRoute> apiRoutes = new ArrayList<>();
    private final List<SqsEventSource> sqsEventSources = new ArrayList<>();
    private final List<ScheduledEvent> scheduledEvents = new ArrayList<>();

    private TemplateSettings(CloudFormationTemplate template, Map<String, String> parameterOverrides) {
        this.template = template;
        this.parameters = template.parameterValues(parameterOverrides);
        this.table = readTable(TABLE_ID);
        this.queue = readQueue(QUEUE_ID);
        if (queue.redrivePolicy() == null) {
            throw new IllegalArgumentException(
                    "Template: " + QUEUE_ID + " has no RedrivePolicy, so no dead-letter queue");
        }
        this.deadLetterQueue = readQueue(queue.redrivePolicy().deadLetterQueueLogicalId());
        this.functions = template.resourcesOfType(FUNCTION_TYPE).stream()
                .map(this::readFunction)
                .toList();
        template.resourcesOfType(FUNCTION_TYPE).forEach(this::readEvents);
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

    public TableDefinition table() {
        return table;
    }

    public QueueDefinition queue() {
        return queue;
    }

    public QueueDefinition deadLetterQueue() {
        return deadLetterQueue;
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

    public List<ScheduledEvent> scheduledEvents() {
        return List.copyOf(scheduledEvents);
    }

    /**
     * The values {@code Ref} and {@code GetAtt} stand for on the local stack: table and queue logical ids → table name
     * and queue URLs, {@code Id.Arn} → queue ARNs, and the region/account/partition pseudo parameters of
     * {@link LocalAwsClients}.
     */
    public Map<String, Object> localReferences(ProvisionedResources resources) {
        Map<String, Object> references = new LinkedHashMap<>();
        references.put(table.logicalId(), resources.tableName());
        references.put(queue.logicalId(), resources.queueUrl());
        references.put(queue.logicalId() + ".Arn", resources.queueArn());
        references.put(queue.logicalId() + ".QueueName", lastPathSegment(resources.queueUrl()));
        references.put(deadLetterQueue.logicalId(), resources.dlqUrl());
        references.put(deadLetterQueue.logicalId() + ".Arn", resources.dlqArn());
        references.put(deadLetterQueue.logicalId() + ".QueueName", lastPathSegment(resources.dlqUrl()));
        if (resources.auditLogGroup() != null) {
            references.put("AuditLogGroup", resources.auditLogGroup());
        }
        if (resources.cursorKeySecretArn() != null) {
            references.put("CursorKeySecret", resources.cursorKeySecretArn());
        }
        references.put("AWS::Region", LocalAwsClients.REGION.id());
        references.put("AWS::AccountId", LocalAwsClients.ACCOUNT_ID);
        references.put("AWS::Partition", "aws");
        return references;
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

    /** The function's environment with {@link #localReferences} of the provisioned resources. */
    public FunctionEnvironment environment(String functionLogicalId, ProvisionedResources resources) {
        return environment(functionLogicalId, localReferences(resources));
    }

    /**
     * The function's environment resolved: parameters become their values, {@code Ref}/{@code GetAtt} the given
     * reference values. A variable that cannot be resolved (e.g. it names a resource the local stack does not have) is
     * left out and listed with the reason, rather than failing the stack.
     */
    public FunctionEnvironment environment(String functionLogicalId, Map<String, Object> refValues) {
        Map<String, String> variables = new LinkedHashMap<>();
        Map<String, String> unresolved = new LinkedHashMap<>();
        function(functionLogicalId).environment().forEach((name, raw) -> {
            try {
                Object value = resolve(raw, refValues);
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
}
