package io.medsum.cli;

import io.medsum.cli.api.MedsumApi;
import io.medsum.cli.api.Target;
import io.medsum.cli.api.TargetOptions;
import io.medsum.common.audit.AuditAction;
import io.medsum.common.audit.AuditEntry;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** {@code ./medsum dlq}: what is in the dead-letter queue, and sending it through again. */
@Command(
        name = "dlq",
        mixinStandardHelpOptions = true,
        description = "Inspects the dead-letter queue and redrives its messages to the reports queue.",
        subcommands = {DlqCommand.ListMessages.class, DlqCommand.Redrive.class})
final class DlqCommand {
    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Lists the DLQ: report id, failure code, receive "
                    + "count, age and the report's status. Never report text.")
    static final class ListMessages implements Callable<Integer> {
        @Mixin
        TargetOptions targetOptions;

        @Override
        public Integer call() throws Exception {
            try (Target target = targetOptions.resolve()) {
                SqsClient sqs = target.requireSqs();
                MedsumApi api = new MedsumApi(target);
                List<Message> messages = QueueMessages.peek(sqs, target.dlqUrl(), Integer.MAX_VALUE);
                OperatorAudit.record(
                        target,
                        AuditAction.DLQ_LIST,
                        messages.stream()
                                .flatMap(m -> ReportMessage.decode(m.body()).stream())
                                .map(k -> new AuditEntry.Subject(k.patientId(), k.reportId()))
                                .toList());
                System.out.printf("%d message(s) in the dead-letter queue%n", messages.size());
                if (messages.isEmpty()) {
                    return 0;
                }
                System.out.printf(
                        "%-34s %-22s %-8s %-10s %s%n", "REPORT", "FAILURE", "RECEIVES", "AGE", "REPORT STATUS");
                for (Message m : messages) {
                    Optional<ReportKey> key = ReportMessage.decode(m.body());
                    String status = "-";
                    String failure = m.messageAttributes().containsKey("FailureCode")
                            ? m.messageAttributes().get("FailureCode").stringValue()
                            : "-";
                    if (key.isPresent()) {
                        MedsumApi.Answer answer = api.get("/reports/"
                                + key.get().patientId() + "/" + key.get().reportId());
                        if (answer.ok()) {
                            status = answer.body().path("status").asText();
                            failure = answer.body().path("error").path("code").asText(failure);
                        } else {
                            status = answer.status() == 404 ? "no record" : "HTTP " + answer.status();
                        }
                    } else if (failure.equals("-")) {
                        failure = "MALFORMED_MESSAGE";
                    }
                    System.out.printf(
                            "%-34s %-22s %-8s %-10s %s%n",
                            key.map(ReportKey::reportId).orElse("(unreadable message)"),
                            failure,
                            m.attributes().getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "?"),
                            QueueMessages.age(m),
                            status);
                }
                return 0;
            }
        }
    }

    @Command(
            name = "redrive",
            mixinStandardHelpOptions = true,
            description = {
                "Moves DLQ messages back to the reports queue; the worker "
                        + "then takes each report to SUCCESS or FAILED again.",
                "All messages: an SQS StartMessageMoveTask, with progress until it completes.",
                "With --report, only those reports' messages, one by one."
            })
    static final class Redrive implements Callable<Integer> {
        @Mixin
        TargetOptions targetOptions;

        @Option(names = "--max-per-second", description = "Moves at most this many messages a second.")
        Integer maxPerSecond;

        @Option(names = "--report", description = "Only this report's messages (repeatable).")
        List<String> reportIds = new ArrayList<>();

        @Option(
                names = "--timeout-seconds",
                defaultValue = "600",
                description = "Stop waiting for the move after this long (default: ${DEFAULT-VALUE}).")
        long timeoutSeconds;

        @Override
        public Integer call() throws Exception {
            try (Target target = targetOptions.resolve()) {
                SqsClient sqs = target.requireSqs();
                // The move itself is recorded; the reports it moves are named when the selection names them.
                OperatorAudit.record(target, AuditAction.DLQ_REDRIVE, List.of());
                return reportIds.isEmpty() ? moveAll(sqs, target) : moveSelected(sqs, target);
            }
        }

        private int moveAll(SqsClient sqs, Target target) throws InterruptedException {
            String dlqArn = sqs.getQueueAttributes(
                            b -> b.queueUrl(target.dlqUrl()).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes()
                    .get(QueueAttributeName.QUEUE_ARN);
            var task = sqs.startMessageMoveTask(b -> {
                b.sourceArn(dlqArn);
                if (maxPerSecond != null) {
                    b.maxNumberOfMessagesPerSecond(maxPerSecond);
                }
            });
            System.out.println("Started message move task " + task.taskHandle());
            long deadline =
                    System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
            while (System.nanoTime() < deadline) {
                var tasks = sqs.listMessageMoveTasks(b -> b.sourceArn(dlqArn).maxResults(1))
                        .results();
                if (!tasks.isEmpty()) {
                    var current = tasks.get(0);
                    System.out.println(progress(
                            String.valueOf(current.status()),
                            current.approximateNumberOfMessagesMoved(),
                            current.approximateNumberOfMessagesToMove()));
                    String status = String.valueOf(current.status());
                    if (status.equals("COMPLETED")) {
                        return 0;
                    }
                    if (status.equals("FAILED") || status.equals("CANCELLED")) {
                        System.err.println("The move task ended " + status
                                + (current.failureReason() == null ? "" : ": " + current.failureReason()));
                        return 1;
                    }
                }
                Thread.sleep(1000);
            }
            System.err.println("The move is still running; check again with ./medsum dlq list");
            return 1;
        }

        /**
         * The task's progress as far as it is known. SQS reports no total until it has counted the messages, and
         * ElasticMQ reports 0 once the task has completed: then only what was moved is told.
         */
        static String progress(String status, Long moved, Long toMove) {
            long done = moved == null ? 0 : moved;
            boolean totalKnown = toMove != null && toMove > 0 && toMove >= done;
            return "redrive: " + status + ", moved " + done + (totalKnown ? " of " + toMove : "") + " message(s)";
        }

        private int moveSelected(SqsClient sqs, Target target) throws InterruptedException {
            Set<String> wanted = new LinkedHashSet<>(reportIds);
            List<Message> others = new ArrayList<>();
            int moved = 0;
            long interval = maxPerSecond == null ? 0 : 1000L / Math.max(1, maxPerSecond);
            for (Message m : QueueMessages.receive(sqs, target.dlqUrl(), Integer.MAX_VALUE)) {
                Optional<ReportKey> key = ReportMessage.decode(m.body());
                if (key.isEmpty() || !wanted.contains(key.get().reportId())) {
                    others.add(m);
                    continue;
                }
                // A duplicate left by a crash between resend and delete is made harmless by the worker's claim.
                QueueMessages.move(sqs, target.dlqUrl(), target.queueUrl(), m, m.body(), Map.of());
                moved++;
                wanted.remove(key.get().reportId());
                System.out.println("redrive: moved the message of " + key.get().reportId());
                if (interval > 0) {
                    Thread.sleep(interval);
                }
            }
            QueueMessages.release(sqs, target.dlqUrl(), others);
            wanted.forEach(id -> System.err.println("redrive: no message for " + id + " in the dead-letter queue"));
            System.out.printf("Moved %d message(s)%n", moved);
            return wanted.isEmpty() ? 0 : 1;
        }
    }
}
