package io.medsum.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.common.config.Settings;
import io.medsum.common.priming.Priming;
import io.medsum.common.testing.CountingEndpoint;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SnapStart priming of the ingest and reconciler functions: every step runs, and nothing leaves the process. */
class IngestPrimingTest {
    private final CountingEndpoint aws = new CountingEndpoint();
    private final Settings settings = new Settings(Map.of(
            "AWS_REGION", "eu-west-1",
            "AWS_ACCESS_KEY_ID", "test",
            "AWS_SECRET_ACCESS_KEY", "test",
            "AWS_ENDPOINT_URL", aws.url(),
            "TABLE_NAME", "PatientReports",
            "QUEUE_URL", aws.url() + "/000000000000/reports",
            "AUDIT_LOG_GROUP", "medsum-audit",
            "CURSOR_KEY_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:cursor"));

    IngestPrimingTest() throws Exception {}

    @AfterEach
    void close() throws Exception {
        aws.close();
    }

    @Test
    void ingestPrimingRunsEveryStepWithoutSendingAnything() {
        Priming priming = new IngestPriming(new IngestWiring(settings)).run();

        assertThat(priming.skipped()).isEmpty();
        assertThat(priming.completed()).hasSize(6);
        assertThat(aws.connections()).isZero();
    }

    @Test
    void reconcilerPrimingRunsEveryStepWithoutSendingAnything() {
        Map<String, String> reconcilerEnv = new HashMap<>(settings.asMap());
        reconcilerEnv.put("DLQ_URL", aws.url() + "/000000000000/reports-dlq");
        reconcilerEnv.put("EVENT_BUS_NAME", "medsum-notifications");
        reconcilerEnv.put("API_URL", "https://api.test/v1");
        Priming priming = new ReconcileHandler(new Settings(reconcilerEnv)).prime();

        assertThat(priming.skipped()).isEmpty();
        assertThat(priming.completed()).hasSize(4);
        assertThat(aws.connections()).isZero();
    }

    @Test
    void theHandlerPrimesWhenSnapStartAsksBeforeTheSnapshot() {
        new IngestHandler(settings).beforeCheckpoint(null);

        assertThat(aws.connections()).isZero();
    }
}
