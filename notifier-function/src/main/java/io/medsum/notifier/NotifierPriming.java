package io.medsum.notifier;

import io.medsum.common.json.Json;
import io.medsum.common.notify.Notification;
import io.medsum.common.notify.NotificationDocument;
import io.medsum.common.ports.WorkQueue.DelayedMessage;
import io.medsum.common.priming.Priming;
import io.medsum.common.priming.SampleRequests;
import io.medsum.notifier.delivery.DeliveryFailure;
import io.medsum.notifier.delivery.NotificationMessage;
import io.medsum.notifier.delivery.NotificationQueue;
import io.medsum.notifier.delivery.WebhookSignature;
import io.medsum.notifier.webhook.Webhook;
import io.medsum.notifier.webhook.WebhookSecret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the notifier warms before its SnapStart snapshot (see {@link Priming} for the rules): reading a notification and
 * writing its deliveries, signing, the HTTP client up to the connection it never opens, and its DynamoDB, Secrets
 * Manager and SQS calls in a dry run. It draws no secret and no id: a random generator seeded before the snapshot would
 * be shared by every sandbox restored from it.
 */
final class NotifierPriming {
    private static final Webhook WEBHOOK = new Webhook(
            "wh_00000000000000000000000000",
            SampleRequests.TENANT,
            URI.create("https://priming.invalid/webhook"),
            Set.of(),
            0);
    /** Not a secret: 32 zero bytes, only ever used to sign the sample. */
    private static final String SAMPLE_SECRET = "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    private final NotifierWiring wiring;

    NotifierPriming(NotifierWiring wiring) {
        this.wiring = wiring;
    }

    Priming run() {
        String event = sampleEvent();
        return new Priming("notifier")
                .step("read a notification, write and read its delivery, sign its body", () -> {
                    NotificationMessage.Notification notification = (NotificationMessage.Notification)
                            NotificationMessage.parse(event).orElseThrow(() -> new IllegalStateException("not read"));
                    String delivery = NotificationMessage.Delivery.first(WEBHOOK.id(), notification.notification())
                            .body();
                    NotificationMessage.Delivery read =
                            (NotificationMessage.Delivery) NotificationMessage.parse(delivery)
                                    .orElseThrow(() -> new IllegalStateException("not read"));
                    byte[] body = read.notification().webhookBody().getBytes(StandardCharsets.UTF_8);
                    WebhookSignature.sign(
                            WebhookSecret.parse(SAMPLE_SECRET).orElseThrow(),
                            SampleRequests.NOTIFICATION.id(),
                            1_767_225_600L,
                            body);
                })
                .step("the HTTP client up to a connection (refused: nothing is sent)", () -> {
                    DeliveryFailure refused = wiring.sender.prime().failure();
                    if (refused == null || refused.kind() != DeliveryFailure.Kind.DESTINATION_REFUSED) {
                        throw new IllegalStateException("priming's request was not refused before connecting");
                    }
                })
                .step(
                        "DynamoDB Query (dry run)",
                        () -> wiring.clients.dryRun(() -> wiring.webhooks.list(SampleRequests.TENANT)))
                .step(
                        "DynamoDB GetItem (dry run)",
                        () -> wiring.clients.dryRun(() -> wiring.webhooks.find(SampleRequests.TENANT, WEBHOOK.id())))
                .step(
                        "Secrets Manager GetSecretValue (dry run)",
                        () -> wiring.clients.dryRun(() -> wiring.secretStore.find(WEBHOOK)))
                .step(
                        "SQS SendMessageBatch (dry run)",
                        () -> wiring.clients.dryRun(() -> wiring.queue.sendAll(List.of(event))))
                .step(
                        "SQS SendMessage (dry run)",
                        () -> wiring.clients.dryRun(
                                () -> wiring.queue.deadLetter(event, Map.of(NotificationQueue.FAILURE, "PRIMING"))))
                .step(
                        "SQS ChangeMessageVisibilityBatch (dry run)",
                        () -> wiring.clients.dryRun(() -> wiring.queue.delayRedelivery(
                                List.of(new DelayedMessage("priming-receipt-handle", 10)))))
                .done();
    }

    /** A notification as the bus rule puts it on the queue, for a report no record can have. */
    static String sampleEvent() {
        Notification notification = SampleRequests.NOTIFICATION;
        return Json.MAPPER
                .createObjectNode()
                .put("version", "0")
                .put("id", "priming")
                .put("detail-type", notification.type().wireName())
                .put("source", NotificationDocument.SOURCE)
                .put("time", "1970-01-01T00:00:00Z")
                .set("detail", SampleRequests.json(NotificationDocument.detail(notification, SampleRequests.API_URL)))
                .toString();
    }
}
