package io.medsum.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.cli.api.MedsumApi;
import io.medsum.cli.api.Target;
import io.medsum.cli.api.TargetOptions;
import io.medsum.cli.webhooks.FailedNotification;
import io.medsum.cli.webhooks.SignatureCheck;
import io.medsum.cli.webhooks.WebhookReceiver;
import io.medsum.common.audit.AuditAction;
import io.medsum.common.audit.AuditEntry;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code ./medsum webhooks}: the caller's webhooks, a local receiver to watch deliveries, and the failed deliveries.
 */
@Command(
        name = "webhooks",
        mixinStandardHelpOptions = true,
        description = {
            "Registers, lists and removes the caller's webhooks; listens for signed deliveries on this machine;"
                    + " lists and redrives deliveries that failed for good.",
            "Try it: ./medsum webhooks listen, then submit a report in another terminal."
        },
        subcommands = {
            WebhooksCommand.Create.class,
            WebhooksCommand.ListWebhooks.class,
            WebhooksCommand.Delete.class,
            WebhooksCommand.Listen.class,
            WebhooksCommand.Failures.class,
            WebhooksCommand.Redrive.class
        })
final class WebhooksCommand {
    private static final Pattern WEBHOOK_ID = Pattern.compile("^wh_[0-9A-HJKMNP-TV-Z]{26}$");

    private WebhooksCommand() {}

    /** The registration body: the URL, and the types when any are named. */
    static Map<String, Object> registration(String url, List<String> events) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", url);
        if (events != null && !events.isEmpty()) {
            body.put("events", events);
        }
        return body;
    }

    static String events(JsonNode webhook) {
        List<String> types = new ArrayList<>();
        webhook.path("events").forEach(type -> types.add(type.asText()));
        return String.join(",", types);
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description =
                    "Registers a webhook and prints its id and signing secret. The secret is shown once: keep it.")
    static final class Create implements Callable<Integer> {
        @Mixin
        TargetOptions targetOptions;

        @Parameters(index = "0", paramLabel = "URL", description = "The receiver, an https URL on a public host.")
        String url;

        @Option(
                names = "--events",
                split = ",",
                paramLabel = "TYPE",
                description = "Only these types (report.succeeded, report.failed, report.needs_review,"
                        + " report.reviewed), comma-separated. Default: every type.")
        List<String> events = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            try (Target target = targetOptions.resolve()) {
                MedsumApi.Answer answer = new MedsumApi(target).post("/webhooks", registration(url, events), Map.of());
                if (!answer.ok()) {
                    System.err.println("Not registered: " + answer.problem());
                    return 1;
                }
                JsonNode webhook = answer.body();
                System.out.println("id        " + webhook.path("id").asText());
                System.out.println("url       " + webhook.path("url").asText());
                System.out.println("events    " + events(webhook));
                System.out.println("secret    " + webhook.path("secret").asText());
                System.out.println("Keep the secret: it is not shown again. Each delivery's webhook-signature is"
                        + " checked with it (Standard Webhooks).");
                return 0;
            }
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Lists the caller's webhooks: id, created, types, URL. Never their secrets.")
    static final class ListWebhooks implements Callable<Integer> {
        @Mixin
        TargetOptions targetOptions;

        @Override
        public Integer call() throws Exception {
            try (Target target = targetOptions.resolve()) {
                MedsumApi.Answer answer = new MedsumApi(target).get("/webhooks");
                if (!answer.ok()) {
                    System.err.println("Cannot list: " + answer.problem());
                    return 1;
                }
                JsonNode items = answer.body().path("items");
                System.out.printf("%d webhook(s)%n", items.size());
                if (items.isEmpty()) {
                    return 0;
                }
                System.out.printf("%-29s %-21s %-70s %s%n", "ID", "CREATED", "EVENTS", "URL");
                for (JsonNode webhook : items) {
                    System.out.printf(
                            "%-29s %-21s %-70s %s%n",
                            webhook.path("id").asText(),
                            webhook.path("createdAt").asText(),
                            events(webhook),
                            webhook.path("url").asText());
                }
                return 0;
            }
        }
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Removes one of the caller's webhooks and its signing secret; deliveries stop at once.")
    static final class Delete implements Callable<Integer> {
        @Mixin
        TargetOptions targetOptions;

        @Parameters(index = "0", paramLabel = "ID", description = "The webhook's id (wh_...).")
        String id;

        @Override
        public Integer call() throws Exception {
            if (!WEBHOOK_ID.matcher(id).matches()) {
                System.err.println("Not a webhook id: ./medsum webhooks list shows them (wh_ and 26 characters)");
                return 2;
            }
            try (Target target = targetOptions.resolve()) {
                MedsumApi.Answer answer = new MedsumApi(target).request("DELETE", "/webhooks/" + id);
                if (answer.status() == 404) {
                    System.err.println("No webhook " + id + " for this caller");
                    return 1;
                }
                if (!answer.ok()) {
                    System.err.println("Not deleted: " + answer.problem());
                    return 1;
                }
                System.out.println("Deleted " + id);
                return 0;
            }
        }
    }

    @Command(
            name = "listen",
            mixinStandardHelpOptions = true,
            description = {
                "Starts a receiver on 127.0.0.1, registers it as a webhook of the caller and prints every delivery"
                        + " as it arrives, with whether its signature checks out. It answers each with 204.",
                "Ctrl-C stops it and deletes the registration. The local stack takes http://127.0.0.1 receivers;"
                        + " a deployed one takes only public https URLs."
            })
    static final class Listen implements Callable<Integer> {
        /** How long Ctrl-C waits for the registration to be deleted. */
        private static final long CLEANUP_SECONDS = 20;

        @Mixin
        TargetOptions targetOptions;

        @Option(
                names = "--port",
                defaultValue = "0",
                description = "Port on 127.0.0.1 (default: one the system picks).")
        int port;

        @Option(
                names = "--events",
                split = ",",
                paramLabel = "TYPE",
                description = "Only these types, comma-separated. Default: every type.")
        List<String> events = new ArrayList<>();

        @Option(names = "--body", description = "Also print each body as received (it names the patient).")
        boolean printBodies;

        /** Counted down by Ctrl-C (or a test): stop listening. */
        final CountDownLatch stop = new CountDownLatch(1);

        private final CountDownLatch cleanedUp = new CountDownLatch(1);
        private volatile WebhookReceiver receiver;

        /** The running receiver, once listening; null before. */
        WebhookReceiver receiver() {
            return receiver;
        }

        @Override
        public Integer call() throws Exception {
            try (Target target = targetOptions.resolve();
                    WebhookReceiver listening =
                            WebhookReceiver.start(port, System.out, Clock.systemUTC(), printBodies)) {
                MedsumApi api = new MedsumApi(target);
                URI url = listening.url();
                MedsumApi.Answer answer = api.post("/webhooks", registration(url.toString(), events), Map.of());
                if (!answer.ok()) {
                    System.err.println("Could not register " + url + ": " + answer.problem());
                    return 1;
                }
                String id = answer.body().path("id").asText();
                listening.verifyWith(
                        SignatureCheck.forSecret(answer.body().path("secret").asText()));
                Thread hook = new Thread(this::stopAndWait, "medsum-webhooks-listen");
                Runtime.getRuntime().addShutdownHook(hook);
                try {
                    System.out.printf(
                            "Listening on %s as webhook %s (%s).%nCtrl-C stops and deletes it.%n",
                            url, id, events(answer.body()));
                    receiver = listening;
                    stop.await();
                } finally {
                    deregister(api, id);
                    cleanedUp.countDown();
                    removeHook(hook);
                }
                System.out.printf(
                        "%d delivery(ies), %d with a valid signature.%n",
                        listening.deliveries(), listening.authentic());
                return 0;
            }
        }

        /** Ctrl-C: let the command delete its registration before the JVM goes. */
        private void stopAndWait() {
            stop.countDown();
            try {
                if (!cleanedUp.await(CLEANUP_SECONDS, TimeUnit.SECONDS)) {
                    System.err.println("The webhook could not be deleted in time: ./medsum webhooks list shows it");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void deregister(MedsumApi api, String id) throws InterruptedException {
            try {
                MedsumApi.Answer deleted = api.request("DELETE", "/webhooks/" + id);
                System.out.println(
                        deleted.ok() ? "Deleted webhook " + id : "Could not delete " + id + ": " + deleted.problem());
            } catch (IOException e) {
                // A ConnectException has no message: name the kind of failure instead (the API is gone, say).
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                System.err.println("Could not delete " + id + " (" + why + "): ./medsum webhooks delete " + id);
            }
        }

        private static void removeHook(Thread hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running, and waits for the deletion above.
            }
        }
    }

    /** The patients and reports the failed notifications name, for the audit trail (never printed). */
    static List<AuditEntry.Subject> subjects(List<FailedNotification> failed) {
        return failed.stream()
                .filter(f -> f.patientId() != null)
                .map(f -> new AuditEntry.Subject(f.patientId(), f.reportId()))
                .distinct()
                .toList();
    }

    @Command(
            name = "failures",
            mixinStandardHelpOptions = true,
            description = "Lists the notifications dead-letter queue without taking anything off it: notification,"
                    + " type, report, webhook, attempts, age and why it failed. Never the patient.")
    static final class Failures implements Callable<Integer> {
        @Mixin
        TargetOptions targetOptions;

        @Option(
                names = "--max",
                defaultValue = "100",
                description = "At most this many messages (default: ${DEFAULT-VALUE}).")
        int max;

        @Override
        public Integer call() throws Exception {
            try (Target target = targetOptions.resolve()) {
                SqsClient sqs = target.requireNotificationsDlq();
                List<Message> messages = QueueMessages.peek(sqs, target.notificationsDlqUrl(), Math.max(1, max));
                List<FailedNotification> failed =
                        messages.stream().map(FailedNotification::of).toList();
                OperatorAudit.record(target, AuditAction.WEBHOOK_FAILURES_LIST, subjects(failed));
                System.out.printf("%d message(s) in the notifications dead-letter queue%n", messages.size());
                if (messages.isEmpty()) {
                    return 0;
                }
                System.out.printf(
                        "%-30s %-20s %-34s %-29s %-8s %-8s %s%n",
                        "NOTIFICATION", "TYPE", "REPORT", "WEBHOOK", "ATTEMPTS", "AGE", "FAILURE");
                for (int i = 0; i < messages.size(); i++) {
                    FailedNotification f = failed.get(i);
                    System.out.printf(
                            "%-30s %-20s %-34s %-29s %-8s %-8s %s%n",
                            orDash(f.notificationId()),
                            f.type() == null ? "(unreadable)" : f.type(),
                            orDash(f.reportId()),
                            orDash(f.webhookId()),
                            orDash(f.attempts()),
                            QueueMessages.age(messages.get(i)),
                            orDash(f.failure()));
                }
                return 0;
            }
        }

        private static String orDash(String value) {
            return value == null ? "-" : value;
        }
    }

    @Command(
            name = "redrive",
            mixinStandardHelpOptions = true,
            description = {
                "Moves messages of the notifications dead-letter queue back to the notifications queue, where the"
                        + " notifier delivers them again as a new series of attempts.",
                "Each keeps its notification and attributes, but not its count of attempts or its failure."
                        + " Fix the receiver first."
            })
    static final class Redrive implements Callable<Integer> {
        @Mixin
        TargetOptions targetOptions;

        @Option(names = "--max", description = "At most this many messages (default: all).")
        Integer max;

        @Option(names = "--max-per-second", description = "Moves at most this many messages a second.")
        Integer maxPerSecond;

        @Override
        public Integer call() throws Exception {
            try (Target target = targetOptions.resolve()) {
                SqsClient sqs = target.requireNotificationsDlq();
                String dlq = target.notificationsDlqUrl();
                String queue = target.requireNotificationsQueueUrl();
                int limit = max == null ? Integer.MAX_VALUE : Math.max(0, max);
                long interval = maxPerSecond == null ? 0 : 1000L / Math.max(1, maxPerSecond);
                List<Message> taken = QueueMessages.receive(sqs, dlq, limit);
                int moved = 0;
                try {
                    // Recorded before anything moves: the messages name patients and reports.
                    OperatorAudit.record(
                            target,
                            AuditAction.WEBHOOK_FAILURES_REDRIVE,
                            subjects(taken.stream().map(FailedNotification::of).toList()));
                    for (Message m : taken) {
                        QueueMessages.move(
                                sqs,
                                dlq,
                                queue,
                                m,
                                FailedNotification.redriveBody(m.body()),
                                FailedNotification.redriveAttributes(m));
                        moved++;
                        if (interval > 0) {
                            Thread.sleep(interval);
                        }
                    }
                } finally {
                    QueueMessages.release(sqs, dlq, taken.subList(moved, taken.size()));
                }
                System.out.printf("Moved %d message(s) to the notifications queue%n", moved);
                return 0;
            }
        }
    }
}
