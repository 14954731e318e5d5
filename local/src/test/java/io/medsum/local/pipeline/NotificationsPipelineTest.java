package io.medsum.local.pipeline;

import static io.medsum.local.pipeline.PipelineTestSupport.drain;
import static io.medsum.local.pipeline.PipelineTestSupport.newPatient;
import static io.medsum.local.pipeline.PipelineTestSupport.peek;
import static io.medsum.local.pipeline.PipelineTestSupport.rawItem;
import static io.medsum.local.pipeline.PipelineTestSupport.report;
import static io.medsum.local.pipeline.PipelineTestSupport.sampleText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.common.json.Json;
import io.medsum.local.LocalPipeline;
import io.medsum.local.bedrock.BedrockError;
import io.medsum.local.infra.LocalAwsClients;
import io.medsum.local.infra.TemplateSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;

/**
 * The event path end to end, as deployed: a report's terminal transition is published by the function that wrote it
 * (the real EventBridge client against the local bus), the template's rules put it on the notifications queue and in
 * the events log. The assertions read what the bus delivered, so they hold whatever the notifier does with the queue;
 * with the bus down the notification waits in the record's outbox marker until the reconciler publishes it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotificationsPipelineTest {
    private LocalPipeline pipeline;
    private ApiClient api;
    private CloudWatchLogsClient logs;

    @BeforeAll
    void start() {
        // The reconciler takes over pending notifications at once instead of after a minute.
        pipeline = PipelineTestSupport.start(Map.of("NOTIFY_AFTER_SECONDS", "0"));
        api = new ApiClient(pipeline);
        logs = LocalAwsClients.logs(pipeline.services().endpoint());
    }

    @AfterAll
    void stop() {
        logs.close();
        pipeline.close();
    }

    @BeforeEach
    void reset() {
        PipelineTestSupport.purgeQueues(pipeline);
        pipeline.sqs().purgeQueue(b -> b.queueUrl(notificationsQueue()));
        pipeline.bedrock().faults().clear();
    }

    @AfterEach
    void busBackUp() {
        pipeline.services().events().outage().end();
    }

    private String notificationsQueue() {
        return pipeline.resources().ref(TemplateSettings.NOTIFICATIONS_QUEUE_ID);
    }

    private String submit(String patientId) {
        var response = api.postJson("/summarize", report(patientId, sampleText()));
        assertThat(response.status()).isEqualTo(202);
        return response.json().get("reportId").asText();
    }

    /** The events log as {@code ./medsum events tail} reads it: FilterLogEvents on the template's EventsLogGroup. */
    private List<JsonNode> eventsLogged(String reportId) {
        List<JsonNode> events = new ArrayList<>();
        String token = null;
        do {
            String from = token;
            var page = logs.filterLogEvents(
                    b -> b.logGroupName(pipeline.resources().ref(TemplateSettings.EVENTS_LOG_GROUP_ID))
                            .filterPattern("\"" + reportId + "\"")
                            .nextToken(from));
            for (FilteredLogEvent event : page.events()) {
                events.add(parse(event.message()));
            }
            token = page.nextToken();
        } while (token != null);
        return events;
    }

    private List<JsonNode> queued(String reportId) {
        return peek(pipeline, notificationsQueue()).stream()
                .map(message -> parse(message.body()))
                .filter(event -> event.path("detail")
                        .path("data")
                        .path("reportId")
                        .asText()
                        .equals(reportId))
                .toList();
    }

    @Test
    void aFinishedReportIsPublishedOnceToTheQueueAndTheEventsLog() {
        String patient = newPatient();
        String reportId = submit(patient);

        drain(pipeline);

        List<JsonNode> logged = eventsLogged(reportId);
        assertThat(logged).hasSize(1);
        JsonNode event = logged.get(0);
        assertThat(event.path("source").asText()).isEqualTo("medsum");
        assertThat(event.path("detail-type").asText()).isEqualTo("report.succeeded");
        JsonNode detail = event.path("detail");
        assertThat(detail.path("type").asText()).isEqualTo("report.succeeded");
        assertThat(detail.path("id").asText()).isNotBlank();
        assertThat(detail.path("tenant").asText()).isNotBlank();
        assertThat(detail.path("data").path("patientId").asText()).isEqualTo(patient);
        assertThat(detail.path("data").path("status").asText()).isEqualTo("SUCCESS");
        assertThat(detail.path("data").path("statusUrl").asText())
                .isEqualTo(pipeline.apiUrl() + "/reports/" + patient + "/" + reportId);
        // Ids and the outcome only: no text, summary or metadata reaches the bus.
        assertThat(event.toString()).doesNotContain("pneumonia").doesNotContain("Dr. Grey");

        assertThat(queued(reportId))
                .as("the queue rule's copy, for the notifier")
                .singleElement()
                .satisfies(queuedEvent -> assertThat(queuedEvent.path("detail")).isEqualTo(detail));
        assertThat(rawItem(pipeline, patient, reportId))
                .as("published: the outbox marker is cleared")
                .doesNotContainKeys("NotifyShard", "NotifySince");
    }

    @Test
    void aFailedReportIsPublishedWithItsFailureCode() {
        pipeline.bedrock().faults().errorRate(1.0).errorKind(BedrockError.VALIDATION);
        String patient = newPatient();
        String reportId = submit(patient);

        drain(pipeline);

        assertThat(eventsLogged(reportId)).singleElement().satisfies(event -> {
            assertThat(event.path("detail-type").asText()).isEqualTo("report.failed");
            assertThat(event.path("detail").path("data").path("status").asText())
                    .isEqualTo("FAILED");
            assertThat(event.path("detail").path("data").path("failureCode").asText())
                    .isEqualTo("MODEL_VALIDATION");
        });
    }

    @Test
    void whileTheBusIsDownTheNotificationWaitsInTheRecordAndTheReconcilerPublishesIt() {
        pipeline.services().events().outage().start();
        String patient = newPatient();
        String reportId = submit(patient);

        // One delivery finishes the report; the worker hands the message back for the publish it could not make.
        await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.deliverOnce() > 0);

        assertThat(api.get("/reports/" + patient + "/" + reportId)
                        .json()
                        .path("status")
                        .asText())
                .as("the report finishes whatever the bus does")
                .isEqualTo("SUCCESS");
        assertThat(rawItem(pipeline, patient, reportId)).containsKeys("NotifyShard", "NotifySince");
        assertThat(eventsLogged(reportId)).isEmpty();
        assertThat(pipeline.services().events().outage().refusedRequests()).isPositive();

        pipeline.services().events().outage().end();
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    pipeline.reconcile();
                    assertThat(eventsLogged(reportId)).hasSize(1);
                });
        assertThat(queued(reportId)).hasSize(1);
        assertThat(rawItem(pipeline, patient, reportId)).doesNotContainKeys("NotifyShard", "NotifySince");
    }

    private static JsonNode parse(String json) {
        try {
            return Json.parse(json);
        } catch (Json.InvalidJsonException e) {
            throw new AssertionError("Not JSON", e);
        }
    }
}
