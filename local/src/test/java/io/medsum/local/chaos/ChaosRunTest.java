package io.medsum.local.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos suite at small size: 200 reports through every injected fault, and every invariant holds, the notification
 * path's included (every terminal report notified, signed, with its transition's type, under a flaky receiver).
 */
class ChaosRunTest {
    @TempDir
    Path work;

    @Test
    void everyAcceptedReportEndsSuccessOrFailedWithAReasonUnderFaults() throws Exception {
        ChaosReport report = ChaosRun.run(new ChaosRun.Config(200, 7, work, System.out));
        report.print(System.out);

        assertThat(report.violations()).isEmpty();
        assertThat(report.accepted()).isEqualTo(200);
        assertThat(report.unfinished()).isZero();
        assertThat(report.success() + report.failed()).isEqualTo(report.accepted());
        assertThat(report.duplicateSummaries()).isZero();
        assertThat(report.dynamoRestarts()).as("the DynamoDB restart happened").isEqualTo(1);
        assertThat(report.duplicateDeliveries() + report.enqueueFailures() + report.crashedBatches())
                .as("faults were really injected")
                .isPositive();
        var notifications = report.notifications();
        assertThat(notifications.notified())
                .as("every terminal report notified")
                .isEqualTo(notifications.terminal())
                .isEqualTo(report.accepted());
        assertThat(notifications.receiverFailures())
                .as("the receiver really failed requests")
                .isPositive();
        assertThat(notifications.stillPending()).isZero();
        assertThat(notifications.diedBeforePublish())
                .as("workers died between terminal writes and the publish")
                .isPositive();
        assertThat(notifications.busRefusals()).as("the bus refused publishes").isPositive();
    }
}
