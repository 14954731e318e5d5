package io.medsum.cli;

import io.medsum.cli.api.Target;
import io.medsum.cli.api.TargetOptions;
import io.medsum.common.notify.NotificationDocument;
import io.medsum.common.notify.NotificationType;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;

/** {@code ./medsum events}: the notifications the stack published. */
@Command(
        name = "events",
        mixinStandardHelpOptions = true,
        description = "The notifications the stack published: report.succeeded, report.failed, report.needs_review and "
                + "report.reviewed.",
        subcommands = {EventsCommand.Tail.class})
final class EventsCommand {

    /**
     * Prints the notifications in the events log group (every event on the bus, written there by the template's log
     * rule) through CloudWatch Logs FilterLogEvents: the local stand-in, or the deployed stack's group (output
     * EventsLogGroupName) with --stack. Ids and the outcome only, as the events hold nothing else; patient ids are
     * printed, as {@code ./medsum audit} prints them, for operators of their own deployment.
     */
    @Command(
            name = "tail",
            mixinStandardHelpOptions = true,
            description = "Prints the notifications published (time, type, report, patient, status, failure code, "
                    + "notification id), newest last. Never report text.")
    static final class Tail implements Callable<Integer> {
        /** How far behind the newest event --follow reads again: the reconciler publishes late with the old time. */
        static final Duration FOLLOW_LOOKBACK = Duration.ofMinutes(15);

        private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)([smhd])");

        @Mixin
        TargetOptions targetOptions;

        @Option(
                names = "--since",
                defaultValue = "1h",
                description = "How far back: 90s, 30m, 1h, 2d, or an ISO-8601 duration such as PT2H "
                        + "(default: ${DEFAULT-VALUE}).")
        String since;

        @Option(
                names = "--type",
                paramLabel = "TYPE",
                description =
                        "Only this type: report.succeeded, report.failed, report.needs_review or " + "report.reviewed.")
        String type;

        @Option(names = "--follow", description = "Keep printing new notifications as they are published.")
        boolean follow;

        @Option(names = "--json", description = "One event per line as the log holds it (the whole EventBridge event).")
        boolean json;

        /** Between two reads of --follow; tests shorten it. */
        Duration pollInterval = Duration.ofSeconds(2);

        /** Asked after every read of --follow; tests end the loop through it, a user with Ctrl-C. */
        BooleanSupplier stopRequested = () -> false;

        @Override
        public Integer call() throws Exception {
            Duration window;
            try {
                window = duration(since);
            } catch (IllegalArgumentException e) {
                System.err.println("--since takes a duration such as 30m, 1h, 2d or PT2H");
                return 2; // picocli's usage-error code
            }
            if (type != null && NotificationType.fromWireName(type).isEmpty()) {
                System.err.println("--type takes one of "
                        + Arrays.stream(NotificationType.values())
                                .map(NotificationType::wireName)
                                .collect(Collectors.joining(", ")));
                return 2;
            }
            try (Target target = targetOptions.resolve()) {
                CloudWatchLogsClient logs = target.requireEventsLog();
                Instant start = Instant.now().minus(window);
                Set<String> printed = new HashSet<>();
                List<Row> rows = read(logs, target.eventsLogGroup(), start.toEpochMilli());
                rows.forEach(row -> print(row, printed));
                if (!json && !follow) {
                    System.out.printf("%d notification(s) since %s%n", printed.size(), start);
                }
                while (follow && !stopRequested.getAsBoolean()) {
                    Thread.sleep(pollInterval.toMillis());
                    long newest =
                            rows.stream().mapToLong(Row::logTimestamp).max().orElse(start.toEpochMilli());
                    long from = Math.max(start.toEpochMilli(), newest - FOLLOW_LOOKBACK.toMillis());
                    rows = read(logs, target.eventsLogGroup(), from);
                    rows.forEach(row -> print(row, printed));
                }
                return 0;
            }
        }

        /** One published notification as the log holds it. */
        private record Row(long logTimestamp, String message, NotificationDocument.Received notification) {
            /** When the transition happened (the notification's timestamp), else when it was logged. */
            Instant time() {
                try {
                    return Instant.parse(notification.detail().path("timestamp").asText());
                } catch (DateTimeParseException e) {
                    return Instant.ofEpochMilli(logTimestamp);
                }
            }
        }

        /** The matching notifications from {@code from} on, oldest first; lines that are not ours are skipped. */
        private List<Row> read(CloudWatchLogsClient logs, String group, long from) {
            List<Row> rows = new ArrayList<>();
            String token = null;
            do {
                String next = token;
                var page = logs.filterLogEvents(b -> {
                    b.logGroupName(group).startTime(from).nextToken(next);
                    if (type != null) {
                        b.filterPattern("\"" + type + "\"");
                    }
                });
                for (FilteredLogEvent event : page.events()) {
                    NotificationDocument.fromEvent(event.message())
                            .filter(n -> type == null || n.type().wireName().equals(type))
                            .ifPresent(n -> rows.add(new Row(event.timestamp(), event.message(), n)));
                }
                token = page.nextToken();
            } while (token != null);
            rows.sort(Comparator.comparing(Row::time).thenComparing(Row::logTimestamp));
            return rows;
        }

        /** Prints a notification once, however often --follow reads it again. */
        private void print(Row row, Set<String> printed) {
            if (printed.add(row.notification().id())) {
                System.out.println(json ? row.message() : line(row.notification()));
            }
        }

        private static String line(NotificationDocument.Received notification) {
            var data = notification.detail().path("data");
            return String.format(
                    "%s  %-21s %-40s %-24s %-12s %-24s %s",
                    notification.detail().path("timestamp").asText(),
                    notification.type().wireName(),
                    data.path("reportId").asText(),
                    data.path("patientId").asText(),
                    data.path("status").asText(),
                    data.hasNonNull("failureCode") ? data.get("failureCode").asText() : "-",
                    notification.id());
        }

        /** {@code 90s}, {@code 30m}, {@code 1h}, {@code 2d}, or ISO-8601 ({@code PT2H}, {@code P1D}). */
        static Duration duration(String text) {
            Matcher matcher = SHORT_DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                return switch (matcher.group(2)) {
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            }
            try {
                return Duration.parse(text.trim());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("Not a duration: " + text, e);
            }
        }
    }
}
