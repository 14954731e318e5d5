package io.medsum.local.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.common.json.Json;
import io.medsum.local.infra.ElasticMqServer;
import io.medsum.local.infra.LocalAwsClients;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.InternalException;
import software.amazon.awssdk.services.eventbridge.model.InvalidEventPatternException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The EventBridge stand-in through the real {@link EventBridgeClient}: PutEvents' entry errors and limits, rules and
 * their patterns, delivery to an ElasticMQ queue and to a log group read back with the real CloudWatch Logs client,
 * dead-lettering, and the outage switch.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventBusesTest {
    private ElasticMqServer elasticMq;
    private AwsJsonServer services;
    private SqsClient sqs;
    private EventBridgeClient events;
    private CloudWatchLogsClient logs;
    private String bus;

    @BeforeAll
    void start() throws Exception {
        elasticMq = ElasticMqServer.start();
        services = AwsJsonServer.start(null);
        sqs = LocalAwsClients.sqs(elasticMq.endpoint());
        services.events().deliverTo(sqs);
        events = LocalAwsClients.events(services.endpoint());
        logs = LocalAwsClients.logs(services.endpoint());
    }

    @AfterAll
    void stop() {
        events.close();
        logs.close();
        sqs.close();
        services.close();
        elasticMq.close();
    }

    @BeforeEach
    void newBus() {
        bus = "bus-" + UUID.randomUUID().toString().substring(0, 8);
        events.createEventBus(b -> b.name(bus));
    }

    @AfterEach
    void endOutage() {
        services.events().outage().end();
    }

    private PutEventsRequestEntry entry(String detailType, String detail) {
        return PutEventsRequestEntry.builder()
                .eventBusName(bus)
                .source("medsum")
                .detailType(detailType)
                .detail(detail)
                .build();
    }

    private static final String DETAIL = "{\"id\": \"n-1\", \"type\": \"report.failed\","
            + " \"data\": {\"patientId\": \"PT-1\", \"status\": \"FAILED\"}}";

    // ---------------------------------------------------------------- PutEvents

    @Test
    void eachEntryIsAnsweredInRequestOrderAndFailsOnItsOwn() {
        PutEventsResponse response = events.putEvents(b -> b.entries(
                entry("report.failed", DETAIL),
                entry("report.failed", null),
                entry("report.failed", "[1, 2]"),
                entry("report.failed", "{not json"),
                entry("report.failed", DETAIL).toBuilder().source(null).build(),
                entry(null, DETAIL),
                entry("report.failed", DETAIL).toBuilder().source("aws.s3").build(),
                entry("report.failed", DETAIL).toBuilder()
                        .eventBusName("no-such-bus")
                        .build(),
                entry("report.succeeded", DETAIL)));

        assertThat(response.failedEntryCount()).isEqualTo(7);
        assertThat(response.entries())
                .extracting(PutEventsResultEntry::errorCode)
                .containsExactly(
                        null,
                        "InvalidArgument",
                        "MalformedDetail",
                        "MalformedDetail",
                        "InvalidArgument",
                        "InvalidArgument",
                        "NotAuthorizedForSourceException",
                        "InvalidArgument",
                        null);
        assertThat(response.entries().get(1).errorMessage()).contains("Detail is a required argument");
        assertThat(response.entries().get(4).errorMessage()).contains("Source is a required argument");
        assertThat(response.entries().get(5).errorMessage()).contains("DetailType is a required argument");
        assertThat(response.entries().get(7).errorMessage()).contains("no-such-bus does not exist");
        assertThat(response.entries().get(0).eventId()).isNotBlank();
        assertThat(response.entries().get(8).eventId())
                .isNotBlank()
                .isNotEqualTo(response.entries().get(0).eventId());
    }

    @Test
    void moreThanTenEntriesOrNoneIsRefusedAsAWhole() {
        List<PutEventsRequestEntry> eleven =
                Stream.generate(() -> entry("report.failed", DETAIL)).limit(11).toList();

        assertThatThrownBy(() -> events.putEvents(b -> b.entries(eleven)))
                .isInstanceOfSatisfying(
                        EventBridgeException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        assertThatThrownBy(() -> events.putEvents(b -> b.entries(List.of()))).isInstanceOf(EventBridgeException.class);
    }

    @Test
    void anEntryAbove256KbFailsAloneAndOneJustBelowIsAccepted() {
        String padding = "x".repeat(256 * 1024);
        String tooLarge = "{\"pad\": \"" + padding + "\"}";
        // Source, DetailType and Detail count their UTF-8 bytes: this one is exactly at the limit.
        int frame = "medsum".length() + "report.failed".length() + "{\"pad\": \"\"}".length();
        String atLimit = "{\"pad\": \"" + padding.substring(frame) + "\"}";

        PutEventsResponse response =
                events.putEvents(b -> b.entries(entry("report.failed", tooLarge), entry("report.failed", atLimit)));

        assertThat(response.entries().get(0).errorCode()).isEqualTo("InvalidArgument");
        assertThat(response.entries().get(0).errorMessage()).contains("256 KB");
        assertThat(response.entries().get(1).eventId()).isNotBlank();
    }

    // ---------------------------------------------------------------- rules and targets

    @Test
    void aMatchedEventReachesTheQueueAsTheWholeEnvelope() throws Exception {
        String queueUrl = queue("notified");
        events.putRule(b -> b.name("failures")
                .eventBusName(bus)
                .eventPattern("{\"source\": [\"medsum\"], \"detail\": {\"data\": {\"status\": [\"FAILED\"]}}}"));
        events.putTargets(
                b -> b.rule("failures").eventBusName(bus).targets(t -> t.id("q").arn(queueArn(queueUrl))));
        Instant time = Instant.parse("2026-12-02T10:15:30.250Z");

        String eventId = events.putEvents(b -> b.entries(
                        entry("report.failed", DETAIL).toBuilder()
                                .time(time)
                                .resources("arn:aws:example")
                                .build(),
                        entry("report.succeeded", DETAIL.replace("FAILED", "SUCCESS"))))
                .entries()
                .get(0)
                .eventId();

        List<Message> received = receiveAll(queueUrl);
        assertThat(received).hasSize(1);
        JsonNode event = Json.parse(received.get(0).body());
        assertThat(event.path("version").asText()).isEqualTo("0");
        assertThat(event.path("id").asText()).isEqualTo(eventId);
        assertThat(event.path("detail-type").asText()).isEqualTo("report.failed");
        assertThat(event.path("source").asText()).isEqualTo("medsum");
        assertThat(event.path("account").asText()).isEqualTo(LocalAwsClients.ACCOUNT_ID);
        assertThat(event.path("region").asText()).isEqualTo(LocalAwsClients.REGION.id());
        assertThat(event.path("time").asText()).isEqualTo("2026-12-02T10:15:30Z");
        assertThat(event.path("resources").get(0).asText()).isEqualTo("arn:aws:example");
        assertThat(event.path("detail")).isEqualTo(Json.parse(DETAIL));
    }

    @Test
    void aLogGroupTargetHoldsTheEventAsFilterLogEventsReturnsIt() throws Exception {
        String group = "events-" + bus;
        logs.createLogGroup(b -> b.logGroupName(group));
        events.putRule(b -> b.name("to-log").eventBusName(bus).eventPattern("{\"source\": [\"medsum\"]}"));
        events.putTargets(b -> b.rule("to-log")
                .eventBusName(bus)
                .targets(t -> t.id("log").arn("arn:aws:logs:us-east-1:000000000000:log-group:" + group + ":*")));
        Instant time = Instant.parse("2026-12-02T11:00:00Z");

        String eventId = events.putEvents(b -> b.entries(
                        entry("report.failed", DETAIL).toBuilder().time(time).build()))
                .entries()
                .get(0)
                .eventId();

        List<FilteredLogEvent> logged = logs.filterLogEvents(
                        b -> b.logGroupName(group).startTime(time.toEpochMilli()))
                .events();
        assertThat(logged).singleElement().satisfies(event -> {
            assertThat(event.timestamp()).isEqualTo(time.toEpochMilli());
            JsonNode envelope = Json.parse(event.message());
            assertThat(envelope.path("id").asText()).isEqualTo(eventId);
            assertThat(envelope.path("detail").path("data").path("patientId").asText())
                    .isEqualTo("PT-1");
        });
    }

    @Test
    void aDisabledRuleAndAnotherBusesRuleDeliverNothing() throws Exception {
        String queueUrl = queue("quiet");
        events.putRule(b -> b.name("off")
                .eventBusName(bus)
                .eventPattern("{\"source\": [\"medsum\"]}")
                .state(RuleState.DISABLED));
        events.putTargets(
                b -> b.rule("off").eventBusName(bus).targets(t -> t.id("q").arn(queueArn(queueUrl))));
        String otherBus = bus + "-other";
        events.createEventBus(b -> b.name(otherBus));

        events.putEvents(b -> b.entries(entry("report.failed", DETAIL).toBuilder()
                .eventBusName(otherBus)
                .build()));
        events.putEvents(b -> b.entries(entry("report.failed", DETAIL)));

        assertThat(receiveAll(queueUrl)).isEmpty();
    }

    @Test
    void anOperatorTheStandInDoesNotEvaluateIsRefusedAtPutRule() {
        assertThatThrownBy(() -> events.putRule(b -> b.name("numeric")
                        .eventBusName(bus)
                        .eventPattern("{\"detail\": {\"attempt\": [{\"numeric\": [\">\", 2]}]}}")))
                .isInstanceOfSatisfying(
                        EventBridgeException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"))
                .hasMessageContaining("'numeric'");
        assertThatThrownBy(() ->
                        events.putRule(b -> b.name("bad").eventBusName(bus).eventPattern("{\"source\": \"medsum\"}")))
                .isInstanceOf(InvalidEventPatternException.class);
        assertThat(events.listRules(b -> b.eventBusName(bus)).rules()).isEmpty();
    }

    @Test
    void rulesAndTargetsAreListedAsPutAndARuleWithTargetsIsNotDeleted() {
        events.putRule(b -> b.name("r")
                .eventBusName(bus)
                .eventPattern("{\"source\": [\"medsum\"]}")
                .description("every notification"));
        events.putTargets(b -> b.rule("r")
                .eventBusName(bus)
                .targets(t -> t.id("q")
                        .arn("arn:aws:sqs:us-east-1:000000000000:somewhere")
                        .deadLetterConfig(d -> d.arn("arn:aws:sqs:us-east-1:000000000000:somewhere-dlq"))
                        .retryPolicy(r -> r.maximumRetryAttempts(185).maximumEventAgeInSeconds(86400))));

        assertThat(events.listRules(b -> b.eventBusName(bus)).rules())
                .singleElement()
                .satisfies(rule -> {
                    assertThat(rule.name()).isEqualTo("r");
                    assertThat(rule.arn()).endsWith(":rule/" + bus + "/r");
                    assertThat(rule.eventPattern()).isEqualTo("{\"source\": [\"medsum\"]}");
                    assertThat(rule.state()).isEqualTo(RuleState.ENABLED);
                    assertThat(rule.description()).isEqualTo("every notification");
                });
        assertThat(events.listTargetsByRule(b -> b.rule("r").eventBusName(bus)).targets())
                .singleElement()
                .satisfies(target -> {
                    assertThat(target.arn()).isEqualTo("arn:aws:sqs:us-east-1:000000000000:somewhere");
                    assertThat(target.deadLetterConfig().arn()).endsWith(":somewhere-dlq");
                    assertThat(target.retryPolicy().maximumRetryAttempts()).isEqualTo(185);
                });
        assertThatThrownBy(() -> events.deleteRule(b -> b.name("r").eventBusName(bus)))
                .hasMessageContaining("has targets");

        events.removeTargets(b -> b.rule("r").eventBusName(bus).ids("q"));
        events.deleteRule(b -> b.name("r").eventBusName(bus));
        assertThat(events.listRules(b -> b.eventBusName(bus)).rules()).isEmpty();
    }

    @Test
    void targetsItCannotServeAreRefusedAsFailedEntries() {
        events.putRule(b -> b.name("r").eventBusName(bus).eventPattern("{\"source\": [\"medsum\"]}"));

        var response = events.putTargets(b -> b.rule("r")
                .eventBusName(bus)
                .targets(
                        t -> t.id("lambda").arn("arn:aws:lambda:us-east-1:000000000000:function:f"),
                        t -> t.id("rewritten")
                                .arn("arn:aws:sqs:us-east-1:000000000000:q")
                                .input("{}")));

        assertThat(response.failedEntryCount()).isEqualTo(2);
        assertThat(events.listTargetsByRule(b -> b.rule("r").eventBusName(bus)).targets())
                .isEmpty();
        assertThatThrownBy(() -> events.putTargets(b -> b.rule("missing")
                        .eventBusName(bus)
                        .targets(t -> t.id("q").arn("arn:aws:sqs:us-east-1:000000000000:q"))))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void anEventForAMissingQueueGoesToTheTargetsDeadLetterQueueOrIsDropped() throws Exception {
        String dlqUrl = queue("dead");
        events.putRule(b -> b.name("r").eventBusName(bus).eventPattern("{\"source\": [\"medsum\"]}"));
        events.putTargets(b -> b.rule("r")
                .eventBusName(bus)
                .targets(
                        t -> t.id("with-dlq")
                                .arn("arn:aws:sqs:us-east-1:000000000000:gone-" + bus)
                                .deadLetterConfig(d -> d.arn(queueArn(dlqUrl))),
                        t -> t.id("without").arn("arn:aws:sqs:us-east-1:000000000000:also-gone-" + bus)));
        int dropped = services.events().droppedEvents();

        events.putEvents(b -> b.entries(entry("report.failed", DETAIL)));

        List<Message> dead = receiveAll(dlqUrl);
        assertThat(dead).singleElement().satisfies(message -> {
            assertThat(Json.parse(message.body()).path("detail")).isEqualTo(Json.parse(DETAIL));
            assertThat(message.messageAttributes().get("ERROR_CODE").stringValue())
                    .isEqualTo("ResourceNotFoundException");
            assertThat(message.messageAttributes().get("RULE_ARN").stringValue())
                    .endsWith("/r");
            assertThat(message.messageAttributes().get("TARGET_ARN").stringValue())
                    .contains(":gone-");
        });
        assertThat(services.events().droppedEvents()).isEqualTo(dropped + 1);
    }

    // ---------------------------------------------------------------- buses and the outage switch

    @Test
    void busesAreCreatedOnceAndDescribedByNameOrArn() {
        assertThatThrownBy(() -> events.createEventBus(b -> b.name(bus)))
                .isInstanceOf(ResourceAlreadyExistsException.class);
        assertThat(events.describeEventBus(b -> b.name(bus)).arn()).isEqualTo(EventBuses.busArn(bus));
        assertThat(events.describeEventBus(b -> b.name(EventBuses.busArn(bus))).name())
                .isEqualTo(bus);
        assertThatThrownBy(() -> events.describeEventBus(b -> b.name("nope")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void duringAnOutagePutEventsFailsAsAWholeWithA5xxAndAcceptsNothing() throws Exception {
        String queueUrl = queue("outage");
        events.putRule(b -> b.name("r").eventBusName(bus).eventPattern("{\"source\": [\"medsum\"]}"));
        events.putTargets(
                b -> b.rule("r").eventBusName(bus).targets(t -> t.id("q").arn(queueArn(queueUrl))));

        services.events().outage().start();
        assertThatThrownBy(() -> events.putEvents(b -> b.entries(entry("report.failed", DETAIL))))
                .isInstanceOfSatisfying(
                        InternalException.class, e -> assertThat(e.statusCode()).isEqualTo(500));
        assertThat(receiveAll(queueUrl)).isEmpty();

        services.events().outage().end();
        assertThat(events.putEvents(b -> b.entries(entry("report.failed", DETAIL)))
                        .failedEntryCount())
                .isZero();
        assertThat(receiveAll(queueUrl)).hasSize(1);
    }

    @Test
    void aShortOutageIsRiddenOutByTheSdksRetry() {
        int refusedBefore = services.events().outage().refusedRequests();
        services.events().outage().failNext(1);

        PutEventsResponse response = events.putEvents(b -> b.entries(entry("report.failed", DETAIL)));

        assertThat(response.failedEntryCount()).isZero();
        assertThat(services.events().outage().refusedRequests()).isEqualTo(refusedBefore + 1);
        assertThat(services.events().outage().isDown()).isFalse();
    }

    private String queue(String name) {
        return sqs.createQueue(b -> b.queueName(name + "-" + bus)).queueUrl();
    }

    private String queueArn(String url) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
    }

    /** Delivery happens before PutEvents answers, so what is not there now never comes. */
    private List<Message> receiveAll(String queueUrl) {
        return sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                        .maxNumberOfMessages(10)
                        .waitTimeSeconds(0)
                        .messageAttributeNames("All"))
                .messages();
    }
}
