package io.medsum.cli.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Where a deployed stack's notifications queue is when its outputs name only the DLQ. */
class NotificationQueuesTest {
    @Test
    void theQueueIsNamedAfterTheStackBesideItsDeadLetterQueue() {
        assertThat(TargetOptions.notificationsQueueBeside(
                        "https://sqs.eu-west-1.amazonaws.com/123456789012/medsum-prod-NotificationsDlq-1A2B3C",
                        "medsum-prod"))
                .isEqualTo("https://sqs.eu-west-1.amazonaws.com/123456789012/medsum-prod-notifications");
        assertThat(TargetOptions.notificationsQueueBeside(null, "medsum-prod")).isNull();
        assertThat(TargetOptions.notificationsQueueBeside("https://sqs.example/1/q", null))
                .isNull();
    }

    @Test
    void aTargetWithoutThemSaysWhatIsMissing() {
        Target target = new Target(URI.create("http://127.0.0.1:1"), ApiAuth.apiKey("k"), null, null, null, null, null);

        assertThatThrownBy(target::requireNotificationsDlq).hasMessageContaining("--stack");
        assertThatThrownBy(target::requireNotificationsQueueUrl).hasMessageContaining("notificationsQueueUrl");
    }
}
