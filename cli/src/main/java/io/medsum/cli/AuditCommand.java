package io.medsum.cli;

import io.medsum.cli.api.Target;
import io.medsum.cli.api.TargetOptions;
import io.medsum.common.audit.AuditEntries;
import io.medsum.common.audit.AuditEntry;
import io.medsum.common.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;

/**
 * The audit trail: who accessed which patient's reports, when, and how it ended. Reads the audit log group through
 * CloudWatch Logs FilterLogEvents (the local stand-in, or the deployed stack's group with --stack).
 */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "Shows the audit trail: every access to patient data (submit, read, list, review, DLQ) and "
                + "every webhook registered, listed or removed, with who, when, which patient and report (or "
                + "webhook), and the outcome. Never report text.")
final class AuditCommand implements Callable<Integer> {
    @Mixin
    TargetOptions targetOptions;

    @Option(
            names = "--since",
            defaultValue = "P1D",
            description = "How far back, as an ISO-8601 duration (P30D, PT2H) (default: ${DEFAULT-VALUE}).")
    String since;

    @Option(names = "--patient", description = "Only accesses to this patient's reports.")
    String patient;

    @Option(names = "--tenant", description = "Only accesses by this tenant (as ./medsum keys list shows it).")
    String tenant;

    @Option(
            names = "--action",
            description = "Only this action, e.g. report.read, reports.list, report.review, webhook.create.")
    String action;

    @Option(names = "--json", description = "One JSON entry per line, as stored.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Duration window;
        try {
            window = Duration.parse(since);
        } catch (DateTimeParseException e) {
            System.err.println("--since takes an ISO-8601 duration such as P30D or PT2H");
            return 2; // picocli's usage-error code
        }
        try (Target target = targetOptions.resolve()) {
            var logs = target.requireLogs();
            long start = Instant.now().minus(window).toEpochMilli();
            List<String> lines = new ArrayList<>();
            String token = null;
            do {
                String from = token;
                var page = logs.filterLogEvents(b -> {
                    b.logGroupName(target.auditLogGroup()).startTime(start).nextToken(from);
                    if (patient != null) {
                        b.filterPattern("\"" + patient.replace("\"", "") + "\"");
                    }
                });
                page.events().stream().map(FilteredLogEvent::message).forEach(lines::add);
                token = page.nextToken();
            } while (token != null);
            int shown = 0;
            for (String line : lines) {
                AuditEntry entry = AuditEntries.fromJson(line);
                if (!matches(entry)) {
                    continue;
                }
                shown++;
                System.out.println(json ? line : row(entry));
            }
            if (!json) {
                System.out.printf("%d access(es) since %s%n", shown, Instant.ofEpochMilli(start));
            }
            return 0;
        } catch (Json.InvalidJsonException e) {
            System.err.println("The audit log holds an entry that is not JSON: " + e.getMessage());
            return 1;
        }
    }

    private boolean matches(AuditEntry entry) {
        return (patient == null
                        || entry.subjects().stream().anyMatch(s -> s.patientId().equals(patient)))
                && (tenant == null || entry.tenant().equals(tenant))
                && (action == null || entry.action().wireName().equals(action));
    }

    private static String row(AuditEntry entry) {
        String subjects = Stream.concat(
                        entry.subjects().stream()
                                .map(s -> s.patientId() + (s.reportId() == null ? "" : "/" + s.reportId())),
                        entry.resources().stream())
                .collect(Collectors.joining(" "));
        return String.format(
                "%s  %-20s %-9s %s  %s%s  %s",
                entry.at(),
                entry.action().wireName(),
                entry.outcome(),
                entry.tenant(),
                entry.principal().equals(entry.tenant()) ? "" : "(" + entry.principal() + ") ",
                entry.crossTenant() ? "[cross-tenant]" : "",
                subjects);
    }
}
