package io.medsum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.common.json.Json;
import io.medsum.local.infra.ElasticMqServer;
import io.medsum.local.infra.LocalAwsClients;
import io.medsum.local.services.AwsJsonServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * {@code ./medsum webhooks failures|redrive} on the notifications dead-letter queue, with ElasticMQ and the local audit
 * log stand-in and a local.json as the local stack writes it (its notification queue fields included).
 */
class WebhookFailuresCommandTest {
    private static final String AUDIT_GROUP = "medsum-audit";
    private static final String PATIENT = "PATIENT-007";
    private static final String REPORT = "REPORT-01HZX3K9V7Q2W8E5R4T6Y1M0PA";
    private static final String NOTIFICATION = "msg_01HZX3KB2D4F6G8H0J2K4M6N8P";
    private static final String WEBHOOK = "wh_01HZX4M2C8N5P7R9S1T3V5W7XA";

    @TempDir
    Path dir;

    private ElasticMqServer elasticMq;
    private AwsJsonServer services;
    private SqsClient sqs;
    private String queue;
    private String dlq;

    @BeforeEach
    void start() throws Exception {
        elasticMq = ElasticMqServer.start();
        services = AwsJsonServer.start(null);
        services.logs().ensureGroup(AUDIT_GROUP);
        sqs = LocalAwsClients.sqs(elasticMq.endpoint());
        queue = sqs.createQueue(b -> b.queueName("notifications")).queueUrl();
        dlq = sqs.createQueue(b -> b.queueName("notifications-dlq")).queueUrl();
        writeLocalJson(true);
    }

    @AfterEach
    void stop() {
        sqs.close();
        services.close();
        elasticMq.close();
    }

    private void writeLocalJson(boolean withNotificationQueues) throws Exception {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("apiUrl", "http://127.0.0.1:1");
        info.put("apiKey", "test-key");
        info.put("region", "us-east-1");
        info.put("sqsEndpoint", elasticMq.endpoint().toString());
        info.put("queueUrl", sqs.createQueue(b -> b.queueName("reports")).queueUrl());
        info.put("dlqUrl", sqs.createQueue(b -> b.queueName("reports-dlq")).queueUrl());
        info.put("servicesEndpoint", services.endpoint().toString());
        info.put("auditLogGroup", AUDIT_GROUP);
        if (withNotificationQueues) {
            info.put("notificationsQueueUrl", queue);
            info.put("notificationsDlqUrl", dlq);
        }
        Files.createDirectories(dir.resolve(".medsum"));
        Files.writeString(dir.resolve(".medsum/local.json"), Json.write(info));
    }

    private String dataDir() {
        return dir.resolve(".medsum").toString();
    }

    private static String detail(String type, String status, String failureCode) {
        String failure = failureCode == null ? "" : ",\"failureCode\":\"" + failureCode + "\"";
        return "{\"id\":\"" + NOTIFICATION + "\",\"type\":\"" + type + "\",\"timestamp\":\"2026-12-02T10:00:05Z\","
                + "\"tenant\":\"apikey:0123456789abcdef0123\",\"data\":{\"patientId\":\"" + PATIENT + "\","
                + "\"reportId\":\"" + REPORT + "\",\"status\":\"" + status + "\"" + failure + ",\"statusUrl\":"
                + "\"http://127.0.0.1:3000/reports/" + PATIENT + "/" + REPORT + "\"}}";
    }

    /** As EventBridge puts a notification on a queue (or dead-letters it). */
    private static String event(String type, String status, String failureCode) {
        return "{\"version\":\"0\",\"source\":\"medsum\",\"detail-type\":\"" + type + "\",\"detail\":"
                + detail(type, status, failureCode) + "}";
    }

    /** As the notifier sends one delivery to one webhook (attempts before: a rate-limit resend's). */
    private static String delivery(String attemptsBefore) {
        return "{\"delivery\":{\"webhookId\":\"" + WEBHOOK + "\"" + attemptsBefore + "},\"notification\":"
                + detail("report.succeeded", "SUCCESS", null) + "}";
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder()
                .dataType("String")
                .stringValue(value)
                .build();
    }

    private void deadLetter() {
        // A delivery the notifier gave up on, with its reasons.
        sqs.sendMessage(b -> b.queueUrl(dlq)
                .messageBody(delivery(",\"attemptsBefore\":3"))
                .messageAttributes(Map.of(
                        "failure", text("HTTP 503 from the receiver"),
                        "attempts",
                                MessageAttributeValue.builder()
                                        .dataType("Number")
                                        .stringValue("12")
                                        .build(),
                        "webhookId", text(WEBHOOK),
                        "notificationId", text(NOTIFICATION))));
        // An event EventBridge could not put on the notifications queue.
        sqs.sendMessage(b -> b.queueUrl(dlq)
                .messageBody(event("report.failed", "FAILED", "RETRIES_EXHAUSTED"))
                .messageAttributes(Map.of("ERROR_CODE", text("SQS_QUEUE_NOT_FOUND"), "RETRY_ATTEMPTS", text("185"))));
        // Something that is not a notification at all.
        sqs.sendMessage(b -> b.queueUrl(dlq).messageBody("not json"));
    }

    private List<Message> drain(String url) {
        return sqs.receiveMessage(b -> b.queueUrl(url)
                        .maxNumberOfMessages(10)
                        .waitTimeSeconds(1)
                        .messageAttributeNames("All"))
                .messages();
    }

    private int depth(String url) {
        return Integer.parseInt(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("All"))
                .attributesAsStrings()
                .get("ApproximateNumberOfMessages"));
    }

    @Test
    void failuresListsWhatFailedAndWhyWithoutTakingItOrNamingThePatient() {
        deadLetter();

        CliRun run = CliRun.of("webhooks", "failures", "--data-dir", dataDir());

        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out())
                .contains("3 message(s) in the notifications dead-letter queue")
                .containsPattern(NOTIFICATION + "\\s+report.succeeded\\s+" + REPORT + "\\s+" + WEBHOOK
                        + "\\s+12\\s+\\S+\\s+HTTP 503 from the receiver")
                .containsPattern(NOTIFICATION + "\\s+report.failed\\s+" + REPORT + "\\s+-\\s+185\\s+\\S+\\s+"
                        + "SQS_QUEUE_NOT_FOUND")
                .contains("(unreadable)")
                .doesNotContain(PATIENT);
        assertThat(depth(dlq)).isEqualTo(3);
        // The listing is an access to the patients the notifications name: recorded, with them.
        assertThat(services.logs().messages(AUDIT_GROUP))
                .singleElement()
                .asString()
                .contains("\"action\":\"webhook-failures.list\"")
                .contains(PATIENT);
    }

    @Test
    void failuresShowsAtMostMax() {
        deadLetter();

        assertThat(CliRun.of("webhooks", "failures", "--max", "2", "--data-dir", dataDir())
                        .out())
                .contains("2 message(s)");
    }

    @Test
    void redriveMovesMessagesBackAsANewSeriesOfAttempts() throws Exception {
        deadLetter();

        CliRun one = CliRun.of("webhooks", "redrive", "--max", "1", "--data-dir", dataDir());
        assertThat(one.exitCode()).as(one.out()).isZero();
        assertThat(one.out()).contains("Moved 1 message(s)");
        assertThat(depth(dlq)).isEqualTo(2);

        CliRun rest = CliRun.of("webhooks", "redrive", "--data-dir", dataDir());
        assertThat(rest.out()).contains("Moved 2 message(s)");
        assertThat(depth(dlq)).isZero();

        List<Message> redriven = drain(queue);
        assertThat(redriven).hasSize(3);
        assertThat(redriven)
                .extracting(Message::body)
                .contains(event("report.failed", "FAILED", "RETRIES_EXHAUSTED"), "not json");
        Message delivery = redriven.stream()
                .filter(m -> m.messageAttributes().containsKey("webhookId"))
                .findFirst()
                .orElseThrow();
        // A new series of attempts: the failure, the count and the rate-limit resend's attempts are gone.
        assertThat(Json.MAPPER.readTree(delivery.body())).isEqualTo(Json.MAPPER.readTree(delivery("")));
        assertThat(delivery.messageAttributes())
                .containsKeys("webhookId", "notificationId")
                .doesNotContainKeys("failure", "attempts");
        assertThat(services.logs().messages(AUDIT_GROUP))
                .hasSize(2)
                .allSatisfy(line -> assertThat(line).contains("\"action\":\"webhook-failures.redrive\""));
    }

    @Test
    void aLocalStackWithoutNotificationQueuesIsToldPlainly() throws Exception {
        writeLocalJson(false);

        CliRun run = CliRun.of("webhooks", "failures", "--data-dir", dataDir());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(services.logs().messages(AUDIT_GROUP)).isEmpty();
    }
}
