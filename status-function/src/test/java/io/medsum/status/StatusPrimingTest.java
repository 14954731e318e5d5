package io.medsum.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.common.aws.AwsClientFactory;
import io.medsum.common.aws.DynamoReportStore;
import io.medsum.common.aws.SqsWorkQueue;
import io.medsum.common.config.Settings;
import io.medsum.common.notify.NotificationOutbox;
import io.medsum.common.priming.Priming;
import io.medsum.common.testing.CountingEndpoint;
import io.medsum.common.testing.InMemoryReportStore;
import io.medsum.common.testing.RecordingAuditTrail;
import io.medsum.common.testing.RecordingPublisher;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** SnapStart priming of the status function: every step runs, and nothing leaves the process. */
class StatusPrimingTest {
    private final CountingEndpoint aws = new CountingEndpoint();
    private final Settings settings = new Settings(Map.of(
            "AWS_REGION", "eu-west-1",
            "AWS_ACCESS_KEY_ID", "test",
            "AWS_SECRET_ACCESS_KEY", "test",
            "AWS_ENDPOINT_URL", aws.url(),
            "TABLE_NAME", "PatientReports",
            "QUEUE_URL", aws.url() + "/000000000000/reports",
            "AUDIT_LOG_GROUP", "medsum-audit",
            "CURSOR_KEY_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:cursor",
            "EVENT_BUS_NAME", "medsum-notifications"));

    StatusPrimingTest() throws Exception {}

    @AfterEach
    void close() throws Exception {
        aws.close();
    }

    @Test
    void primingRunsEveryStepWithoutSendingAnything() {
        AwsClientFactory clients = new AwsClientFactory(settings);
        ModelHealth model = new ModelHealth(
                "us.amazon.nova-2-lite-v1:0",
                new BedrockModelLifecycleReader(
                        clients.build(BedrockClient.builder(), "BEDROCK", Duration.ofSeconds(1))),
                Clock.systemUTC());
        StatusApi api = new StatusApi(
                new DynamoReportStore(
                        clients.build(DynamoDbClient.builder(), "DYNAMODB", Duration.ofSeconds(1)), "PatientReports"),
                new SqsWorkQueue(
                        clients.build(SqsClient.builder(), "SQS", Duration.ofSeconds(1)),
                        settings.required("QUEUE_URL"),
                        ""),
                model,
                new TenantAccess(Set.of()),
                new CursorCodec(() -> new byte[32], Clock.systemUTC()),
                new RecordingAuditTrail(),
                Clock.systemUTC(),
                "test",
                new NotificationOutbox(new InMemoryReportStore(), new RecordingPublisher(), null));

        Priming priming = new StatusPriming(api, model, clients).run();

        assertThat(priming.skipped()).isEmpty();
        assertThat(priming.completed()).hasSize(6);
        assertThat(aws.connections()).isZero();
    }

    @Test
    void theHandlerPrimesWhenSnapStartAsksBeforeTheSnapshot() {
        new StatusHandler(settings).beforeCheckpoint(null);

        assertThat(aws.connections()).isZero();
    }
}
