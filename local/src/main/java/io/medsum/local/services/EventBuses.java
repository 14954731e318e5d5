package io.medsum.local.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medsum.common.json.Json;
import io.medsum.local.infra.LocalAwsClients;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * EventBridge, as much as the stack uses (AWS JSON 1.1, {@code X-Amz-Target: AWSEvents.<Operation>}): custom buses
 * (CreateEventBus, DescribeEventBus, DeleteEventBus), rules with event patterns (PutRule, ListRules, DeleteRule), their
 * SQS and CloudWatch Logs targets (PutTargets, ListTargetsByRule, RemoveTargets), and PutEvents, which matches each
 * accepted event against the rules of its bus and delivers it to their targets before answering (in AWS delivery is
 * asynchronous; here a test can read the target as soon as the publisher returns).
 *
 * <p>PutEvents as the EventBridge API reference and user guide describe it ("PutEvents", "PutEventsResultEntry",
 * "Sending events with PutEvents", "Calculating PutEvents event entry size"): 1 to 10 entries, else the whole request
 * is a ValidationException; each entry is judged on its own and the answer lists one result per entry in request order,
 * an {@code EventId} or an {@code ErrorCode} and {@code ErrorMessage}, with {@code FailedEntryCount}. An entry fails
 * with {@code InvalidArgument} without Source, DetailType or Detail or above 256 KB (Time counts 14 bytes, the texts
 * their UTF-8 bytes), {@code MalformedDetail} when Detail is not a JSON object, and
 * {@code NotAuthorizedForSourceException} for the service-reserved {@code aws.} sources. An entry for a bus that does
 * not exist fails with {@code InvalidArgument} here: AWS has been reported to accept such entries and drop them
 * (aws/aws-cli#9186), which would hide a misconfigured bus name; the stand-in makes it visible instead.
 *
 * <p>Buses, rules and targets live in memory: the local stack provisions them from template.yaml on every start. The
 * {@link #outage()} switch makes PutEvents fail as a whole, for "the bus is down" tests. One deliberate difference: a
 * Detail is read by the project's strict JSON reader, so one nested deeper than 16 levels is {@code MalformedDetail}
 * here where EventBridge accepts up to 1100; no publisher of this project comes near either.
 */
public final class EventBuses {
    static final String DEFAULT_BUS = "default";
    private static final int MAX_ENTRIES = 10;
    private static final int MAX_TARGETS_PER_CALL = 10;
    private static final int MAX_ENTRY_BYTES = 256 * 1024;
    /** The documented size of a given Time, whatever its form. */
    private static final int TIME_BYTES = 14;

    private static final Pattern NAME = Pattern.compile("[\\.\\-_A-Za-z0-9]{1,64}");
    private static final String ARN_PREFIX =
            "arn:aws:events:" + LocalAwsClients.REGION.id() + ":" + LocalAwsClients.ACCOUNT_ID + ":";

    private final Map<String, Bus> buses = new LinkedHashMap<>();
    private final RuleTargets targets;
    private final EventBusOutage outage = new EventBusOutage();

    EventBuses(LogGroups logs) {
        this.targets = new RuleTargets(logs);
        buses.put(DEFAULT_BUS, new Bus(DEFAULT_BUS, null, null));
    }

    /** The switch that makes PutEvents fail: {@code outage().start()}, {@code failNext(3)}, {@code end()}. */
    public EventBusOutage outage() {
        return outage;
    }

    /** Where SQS targets are: the stack's SQS endpoint (ElasticMQ), known once it has started. */
    public void deliverTo(SqsClient sqs) {
        targets.useSqs(sqs);
    }

    /** Matched events no target took and no dead-letter queue either: dropped, as EventBridge drops them. */
    public int droppedEvents() {
        return targets.dropped();
    }

    /** Matched events that went to a target's dead-letter queue instead of the target. */
    public int deadLetteredEvents() {
        return targets.deadLettered();
    }

    /** The ARN of a bus by name, as CreateEventBus answers it. */
    public static String busArn(String name) {
        return ARN_PREFIX + "event-bus/" + name;
    }

    JsonNode handle(String operation, JsonNode request) {
        return switch (operation) {
            case "PutEvents" -> putEvents(request);
            case "CreateEventBus" -> createBus(request);
            case "DescribeEventBus" -> describeBus(request);
            case "DeleteEventBus" -> deleteBus(request);
            case "PutRule" -> putRule(request);
            case "ListRules" -> listRules(request);
            case "DeleteRule" -> deleteRule(request);
            case "PutTargets" -> putTargets(request);
            case "ListTargetsByRule" -> listTargets(request);
            case "RemoveTargets" -> removeTargets(request);
            default ->
                throw new AwsJsonServer.ServiceException(
                        "UnknownOperationException", "EventBridge operation not served locally: " + operation);
        };
    }

    // ---------------------------------------------------------------- PutEvents

    /** An accepted entry: the event as targets receive it, and the targets of the rules it matched. */
    private record Accepted(String id, long timestamp, String envelope, List<Delivery> deliveries) {}

    private record Delivery(String ruleArn, RuleTargets.Target target) {}

    private JsonNode putEvents(JsonNode request) {
        if (outage.refuse()) {
            throw new AwsJsonServer.ServiceException(
                    500, "InternalException", "The local event bus is down (outage switch on)");
        }
        JsonNode entries = request.path("Entries");
        if (!entries.isArray() || entries.isEmpty() || entries.size() > MAX_ENTRIES) {
            throw validation("1 validation error detected: Value at 'entries' failed to satisfy constraint: "
                    + "Member must have length between 1 and " + MAX_ENTRIES);
        }
        ArrayNode results = Json.MAPPER.createArrayNode();
        List<Accepted> accepted = new ArrayList<>();
        int failed = 0;
        for (JsonNode entry : entries) {
            ObjectNode result = results.addObject();
            try {
                Accepted event = accept(entry);
                accepted.add(event);
                result.put("EventId", event.id());
            } catch (EntryError e) {
                failed++;
                result.put("ErrorCode", e.code);
                result.put("ErrorMessage", e.getMessage());
            }
        }
        // Outside the lock: a slow target must not hold up other callers' PutEvents or PutRule.
        for (Accepted event : accepted) {
            for (Delivery delivery : event.deliveries()) {
                targets.deliver(delivery.target(), delivery.ruleArn(), event.id(), event.timestamp(), event.envelope());
            }
        }
        ObjectNode response = Json.object();
        response.put("FailedEntryCount", failed);
        response.set("Entries", results);
        return response;
    }

    private Accepted accept(JsonNode entry) throws EntryError {
        String source = required(entry, "Source");
        String detailType = required(entry, "DetailType");
        String detailText = required(entry, "Detail");
        if (size(entry, source, detailType, detailText) > MAX_ENTRY_BYTES) {
            throw new EntryError("InvalidArgument", "Event entry is larger than the 256 KB PutEvents allows");
        }
        if (source.startsWith("aws.")) {
            throw new EntryError("NotAuthorizedForSourceException", "Not authorized for the source " + source);
        }
        JsonNode detail;
        try {
            detail = Json.parse(detailText);
        } catch (Json.InvalidJsonException e) {
            throw new EntryError("MalformedDetail", "Detail is malformed.");
        }
        if (!detail.isObject()) {
            throw new EntryError("MalformedDetail", "Detail is malformed: it must be a JSON object.");
        }
        String busName = busName(entry.path("EventBusName").asText(""));
        long timestamp = time(entry);
        String id = UUID.randomUUID().toString();
        ObjectNode envelope = Json.object();
        envelope.put("version", "0");
        envelope.put("id", id);
        envelope.put("detail-type", detailType);
        envelope.put("source", source);
        envelope.put("account", LocalAwsClients.ACCOUNT_ID);
        envelope.put(
                "time",
                Instant.ofEpochMilli(timestamp).truncatedTo(ChronoUnit.SECONDS).toString());
        envelope.put("region", LocalAwsClients.REGION.id());
        ArrayNode resources = envelope.putArray("resources");
        entry.path("Resources").forEach(resource -> resources.add(resource.asText()));
        envelope.set("detail", detail);
        List<Delivery> deliveries = new ArrayList<>();
        synchronized (this) {
            Bus bus = buses.get(busName);
            if (bus == null) {
                throw new EntryError("InvalidArgument", "Event bus " + busName + " does not exist.");
            }
            for (Rule rule : bus.rules.values()) {
                if (rule.enabled() && rule.pattern.matches(envelope)) {
                    rule.targets.values().forEach(target -> deliveries.add(new Delivery(rule.arn, target)));
                }
            }
        }
        return new Accepted(id, timestamp, Json.write(envelope), deliveries);
    }

    private static String required(JsonNode entry, String field) throws EntryError {
        String value = entry.path(field).asText("");
        if (value.isEmpty()) {
            throw new EntryError(
                    "InvalidArgument",
                    "Parameter " + field + " is not valid. Reason: " + field + " is a required argument.");
        }
        return value;
    }

    /** The entry size as "Calculating PutEvents event entry size" defines it. */
    private static long size(JsonNode entry, String source, String detailType, String detail) {
        long size = entry.hasNonNull("Time") ? TIME_BYTES : 0;
        size += utf8(source) + utf8(detailType) + utf8(detail);
        for (JsonNode resource : entry.path("Resources")) {
            size += utf8(resource.asText());
        }
        return size;
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Time as the SDK sends it (epoch seconds, maybe with a fraction), or an ISO instant; now when absent. */
    private static long time(JsonNode entry) throws EntryError {
        JsonNode time = entry.get("Time");
        if (time == null || time.isNull()) {
            return System.currentTimeMillis();
        }
        try {
            if (time.isNumber()) {
                return time.decimalValue()
                        .movePointRight(3)
                        .setScale(0, RoundingMode.DOWN)
                        .longValueExact();
            }
            return Instant.parse(time.asText()).toEpochMilli();
        } catch (ArithmeticException | DateTimeParseException e) {
            throw new EntryError("InvalidArgument", "Parameter Time is not valid.");
        }
    }

    /** An entry that fails on its own, leaving the others of the request to succeed. */
    private static final class EntryError extends Exception {
        private static final long serialVersionUID = 1L;
        private final String code;

        EntryError(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    // ---------------------------------------------------------------- buses

    private static final class Bus {
        final String name;
        final String description;
        final String kmsKeyIdentifier;
        final Map<String, Rule> rules = new LinkedHashMap<>();

        Bus(String name, String description, String kmsKeyIdentifier) {
            this.name = name;
            this.description = description;
            this.kmsKeyIdentifier = kmsKeyIdentifier;
        }
    }

    private synchronized JsonNode createBus(JsonNode request) {
        String name = request.path("Name").asText("");
        if (!NAME.matcher(name).matches() || name.equals(DEFAULT_BUS)) {
            throw validation("Event bus name " + name + " is not valid.");
        }
        if (buses.containsKey(name)) {
            throw new AwsJsonServer.ServiceException(
                    "ResourceAlreadyExistsException", "Event bus " + name + " already exists.");
        }
        Bus bus = new Bus(name, optionalText(request, "Description"), optionalText(request, "KmsKeyIdentifier"));
        buses.put(name, bus);
        ObjectNode response = Json.object();
        response.put("EventBusArn", busArn(name));
        if (bus.description != null) {
            response.put("Description", bus.description);
        }
        if (bus.kmsKeyIdentifier != null) {
            response.put("KmsKeyIdentifier", bus.kmsKeyIdentifier);
        }
        return response;
    }

    private synchronized JsonNode describeBus(JsonNode request) {
        Bus bus = bus(request.path("Name").asText(""));
        ObjectNode response = Json.object();
        response.put("Name", bus.name);
        response.put("Arn", busArn(bus.name));
        if (bus.description != null) {
            response.put("Description", bus.description);
        }
        if (bus.kmsKeyIdentifier != null) {
            response.put("KmsKeyIdentifier", bus.kmsKeyIdentifier);
        }
        return response;
    }

    private synchronized JsonNode deleteBus(JsonNode request) {
        String name = busName(request.path("Name").asText(""));
        if (name.equals(DEFAULT_BUS)) {
            throw validation("Cannot delete event bus default.");
        }
        buses.remove(name);
        return Json.object();
    }

    /** A bus named or given by ARN; the default bus when empty. */
    private Bus bus(String nameOrArn) {
        String name = busName(nameOrArn);
        Bus bus = buses.get(name);
        if (bus == null) {
            throw new AwsJsonServer.ServiceException(
                    "ResourceNotFoundException", "Event bus " + name + " does not exist.");
        }
        return bus;
    }

    private static String busName(String nameOrArn) {
        if (nameOrArn.isEmpty()) {
            return DEFAULT_BUS;
        }
        int slash = nameOrArn.indexOf(":event-bus/");
        return nameOrArn.startsWith("arn:") && slash > 0
                ? nameOrArn.substring(slash + ":event-bus/".length())
                : nameOrArn;
    }

    // ---------------------------------------------------------------- rules and targets

    private static final class Rule {
        final String name;
        final String arn;
        final String busName;
        final String patternText;
        final EventPattern pattern;
        final String state;
        final String description;
        final Map<String, RuleTargets.Target> targets = new LinkedHashMap<>();

        Rule(String name, String busName, String patternText, String state, String description) {
            this.name = name;
            this.busName = busName;
            // A rule on a custom bus has the bus in its ARN; on the default bus it does not.
            this.arn = ARN_PREFIX + "rule/" + (busName.equals(DEFAULT_BUS) ? "" : busName + "/") + name;
            this.patternText = patternText;
            this.pattern = EventPattern.parse(patternText);
            this.state = state;
            this.description = description;
        }

        boolean enabled() {
            return !state.equals("DISABLED");
        }
    }

    private synchronized JsonNode putRule(JsonNode request) {
        String name = request.path("Name").asText("");
        if (!NAME.matcher(name).matches()) {
            throw validation("Rule name " + name + " is not valid.");
        }
        if (request.hasNonNull("ScheduleExpression")) {
            throw validation("ScheduleExpression is not served by the local EventBridge stand-in; "
                    + "the local stack runs the template's schedules itself");
        }
        String patternText = request.path("EventPattern").asText("");
        if (patternText.isEmpty()) {
            throw validation("Parameter(s) EventPattern must be specified.");
        }
        String state = request.path("State").asText("ENABLED");
        if (!state.equals("ENABLED") && !state.equals("DISABLED")) {
            throw validation("State " + state + " is not served locally: ENABLED or DISABLED");
        }
        Bus bus = bus(request.path("EventBusName").asText(""));
        Rule rule = new Rule(name, bus.name, patternText, state, optionalText(request, "Description"));
        Rule previous = bus.rules.put(name, rule);
        if (previous != null) {
            rule.targets.putAll(previous.targets); // PutRule updates a rule; its targets stay
        }
        ObjectNode response = Json.object();
        response.put("RuleArn", rule.arn);
        return response;
    }

    private synchronized JsonNode listRules(JsonNode request) {
        Bus bus = bus(request.path("EventBusName").asText(""));
        String prefix = request.path("NamePrefix").asText("");
        ArrayNode rules = Json.MAPPER.createArrayNode();
        for (Rule rule : bus.rules.values()) {
            if (!rule.name.startsWith(prefix)) {
                continue;
            }
            ObjectNode node = rules.addObject();
            node.put("Name", rule.name);
            node.put("Arn", rule.arn);
            node.put("EventPattern", rule.patternText);
            node.put("State", rule.state);
            if (rule.description != null) {
                node.put("Description", rule.description);
            }
            node.put("EventBusName", rule.busName);
        }
        ObjectNode response = Json.object();
        response.set("Rules", rules);
        return response;
    }

    private synchronized JsonNode deleteRule(JsonNode request) {
        Bus bus = bus(request.path("EventBusName").asText(""));
        Rule rule = bus.rules.get(request.path("Name").asText(""));
        if (rule == null) {
            return Json.object(); // deleting a rule that is not there succeeds, as in EventBridge
        }
        if (!rule.targets.isEmpty() && !request.path("Force").asBoolean(false)) {
            throw validation("Rule can't be deleted since it has targets.");
        }
        bus.rules.remove(rule.name);
        return Json.object();
    }

    private synchronized JsonNode putTargets(JsonNode request) {
        Rule rule = rule(request);
        JsonNode given = request.path("Targets");
        if (!given.isArray() || given.isEmpty() || given.size() > MAX_TARGETS_PER_CALL) {
            throw validation("1 validation error detected: Value at 'targets' failed to satisfy constraint: "
                    + "Member must have length between 1 and " + MAX_TARGETS_PER_CALL);
        }
        ArrayNode failures = Json.MAPPER.createArrayNode();
        for (JsonNode target : given) {
            String id = target.path("Id").asText("");
            String arn = target.path("Arn").asText("");
            String refusal = refusal(target, id, arn);
            if (refusal != null) {
                ObjectNode failure = failures.addObject();
                failure.put("TargetId", id);
                failure.put("ErrorCode", "ValidationException");
                failure.put("ErrorMessage", refusal);
                continue;
            }
            String deadLetter = target.path("DeadLetterConfig").path("Arn").asText("");
            rule.targets.put(
                    id, new RuleTargets.Target(id, arn, deadLetter.isEmpty() ? null : deadLetter, Json.write(target)));
        }
        ObjectNode response = Json.object();
        response.put("FailedEntryCount", failures.size());
        response.set("FailedEntries", failures);
        return response;
    }

    /** Why a target cannot be served here, or null. Input rewriting would change what consumers read: refused. */
    private static String refusal(JsonNode target, String id, String arn) {
        if (id.isEmpty() || arn.isEmpty()) {
            return "A target needs an Id and an Arn";
        }
        if (!RuleTargets.servable(arn)) {
            return "Only SQS queue and CloudWatch Logs log group targets are served locally";
        }
        for (String field : List.of("Input", "InputPath", "InputTransformer")) {
            if (target.hasNonNull(field)) {
                return field + " is not served locally: targets receive the whole event";
            }
        }
        String deadLetter = target.path("DeadLetterConfig").path("Arn").asText("");
        if (!deadLetter.isEmpty() && RuleTargets.TargetArn.queueName(deadLetter) == null) {
            return "A dead-letter queue must be an SQS queue ARN";
        }
        return null;
    }

    private synchronized JsonNode listTargets(JsonNode request) {
        Rule rule = rule(request);
        ArrayNode listed = Json.MAPPER.createArrayNode();
        for (RuleTargets.Target target : rule.targets.values()) {
            try {
                listed.add(Json.parse(target.definition()));
            } catch (Json.InvalidJsonException e) {
                throw new IllegalStateException("A stored target is not JSON", e);
            }
        }
        ObjectNode response = Json.object();
        response.set("Targets", listed);
        return response;
    }

    private synchronized JsonNode removeTargets(JsonNode request) {
        Rule rule = rule(request);
        request.path("Ids").forEach(id -> rule.targets.remove(id.asText()));
        ObjectNode response = Json.object();
        response.put("FailedEntryCount", 0);
        response.set("FailedEntries", Json.MAPPER.createArrayNode());
        return response;
    }

    private Rule rule(JsonNode request) {
        Bus bus = bus(request.path("EventBusName").asText(""));
        String name = request.path("Rule").asText("");
        Rule rule = bus.rules.get(name);
        if (rule == null) {
            throw new AwsJsonServer.ServiceException(
                    "ResourceNotFoundException", "Rule " + name + " does not exist on EventBus " + bus.name + ".");
        }
        return rule;
    }

    private static String optionalText(JsonNode request, String field) {
        String value = request.path(field).asText("");
        return value.isEmpty() ? null : value;
    }

    private static AwsJsonServer.ServiceException validation(String message) {
        return new AwsJsonServer.ServiceException("ValidationException", message);
    }
}
