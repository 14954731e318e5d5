package io.medsum.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.medsum.common.notify.Notification;
import io.medsum.common.notify.NotificationDocument.Received;
import io.medsum.common.notify.NotificationType;
import io.medsum.notifier.delivery.NotificationMessage.Delivery;
import io.medsum.notifier.testing.Notifications;
import org.junit.jupiter.api.Test;

/** The two message kinds of the notifications queue, and what is neither. */
class NotificationMessageTest {
    private final Notification notification = Notifications.of("tenant-a", NotificationType.NEEDS_REVIEW);
    private final Received received = Notifications.received(notification);

    @Test
    void theBusEventIsANotificationToFanOut() {
        NotificationMessage message =
                NotificationMessage.parse(Notifications.event(notification)).orElseThrow();

        assertThat(message).isInstanceOf(NotificationMessage.Notification.class);
        Received read = ((NotificationMessage.Notification) message).notification();
        assertThat(read.id()).isEqualTo(notification.id());
        assertThat(read.tenant()).isEqualTo("tenant-a");
        assertThat(read.type()).isEqualTo(NotificationType.NEEDS_REVIEW);
    }

    @Test
    void aDeliveryReadsBackAsWritten() {
        Delivery delivery = new Delivery("wh_01KBZ", 3, received);

        Delivery read = (Delivery) NotificationMessage.parse(delivery.body()).orElseThrow();

        assertThat(read.webhookId()).isEqualTo("wh_01KBZ");
        assertThat(read.attemptsBefore()).isEqualTo(3);
        assertThat(read.notification().detail()).isEqualTo(received.detail());
        assertThat(read.notification().webhookBody()).isEqualTo(received.webhookBody());
        assertThat(read.attempt(2)).isEqualTo(5);
    }

    @Test
    void aFirstDeliveryCountsAttemptsByReceives() {
        Delivery delivery = Delivery.first("wh_01KBZ", received);

        assertThat(delivery.body()).doesNotContain("attemptsBefore");
        assertThat(delivery.attempt(1)).isEqualTo(1);
        assertThat(delivery.attempt(7)).isEqualTo(7);
        assertThat(delivery.attempt(0)).as("a missing receive count").isEqualTo(1);
    }

    @Test
    void bodiesOfNeitherKindAreRefused() {
        String detail = received.detail().toString();
        for (String body : new String[] {
            null,
            "",
            "null",
            "42",
            "{}",
            "{\"source\":\"medsum\"}",
            "{\"source\":\"aws.events\",\"detail\":" + detail + "}",
            "{\"delivery\":{},\"notification\":" + detail + "}",
            "{\"delivery\":{\"webhookId\":\"wh_1\"},\"notification\":{}}",
            "{\"delivery\":{\"webhookId\":7},\"notification\":" + detail + "}",
            "{\"delivery\":{\"webhookId\":\"wh_1/../x\"},\"notification\":" + detail + "}",
            "{\"delivery\":{\"webhookId\":\"wh_1\",\"attemptsBefore\":-1},\"notification\":" + detail + "}",
            "{\"delivery\":{\"webhookId\":\"wh_1\",\"attemptsBefore\":\"2\"},\"notification\":" + detail + "}",
            "{\"delivery\":{\"webhookId\":\"wh_1\",\"attemptsBefore\":1.5},\"notification\":" + detail + "}",
            "{\"delivery\":{\"webhookId\":\"wh_1\"},\"delivery\":{},\"notification\":" + detail + "}"
        }) {
            assertThat(NotificationMessage.parse(body)).as(String.valueOf(body)).isEmpty();
        }
    }

    @Test
    void attemptsCannotBeNegative() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Delivery("wh_1", -1, received));
    }
}
