package io.medsum.local.chaos;

import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.notify.NotificationType;
import io.medsum.common.ports.ReportStore;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the notification path promises, checked at the end of a chaos run against what the flaky receiver accepted:
 * every terminal report was notified at least once with its final transition's type; nothing was notified for a report
 * that is not terminal, nor with a type it never reached (a failure that a duplicate message later redrove to SUCCESS
 * is an earlier transition of its own, announced under its own id); every accepted delivery was signed with the
 * webhook's secret; a repeated webhook-id always repeats the same notification; and no record still owes one.
 */
final class NotificationInvariants {
    private NotificationInvariants() {}

    static ChaosReport.Notifications check(
            Set<ReportKey> accepted,
            ReportStore store,
            List<FlakyReceiver.Delivery> deliveries,
            int stillPending,
            FlakyReceiver receiver,
            int busRefusals,
            int diedBeforePublish,
            List<String> violations) {
        Map<String, ReportKey> byReportId = new HashMap<>();
        accepted.forEach(key -> byReportId.put(key.reportId(), key));
        Map<String, String> contentById = new HashMap<>();
        Set<String> notified = new HashSet<>();
        int invalidSignatures = 0;
        int superseded = 0;
        int conflictingRepeats = 0;
        for (FlakyReceiver.Delivery delivery : deliveries) {
            if (!delivery.signatureValid()) {
                invalidSignatures++;
            }
            ReportKey key = byReportId.get(delivery.reportId());
            Optional<Report> report = key == null ? Optional.empty() : store.find(key);
            Optional<NotificationType> now = report.flatMap(NotificationType::of);
            if (now.isEmpty()) {
                violations.add("a " + delivery.type() + " notification for report " + delivery.reportId()
                        + ", which is not terminal");
            } else if (!now.get().wireName().equals(delivery.type())) {
                if (NotificationType.FAILED.wireName().equals(delivery.type())) {
                    superseded++;
                } else {
                    violations.add("report " + delivery.reportId() + " is "
                            + now.get().wireName() + " but was notified " + delivery.type());
                }
            }
            String content = delivery.reportId() + " " + delivery.type() + " " + delivery.status();
            String earlier = contentById.putIfAbsent(delivery.webhookId(), content);
            if (earlier != null && !earlier.equals(content)) {
                conflictingRepeats++;
            }
            notified.add(delivery.reportId() + " " + delivery.type());
        }
        int terminal = 0;
        int unnotified = 0;
        for (ReportKey key : accepted) {
            Optional<NotificationType> type = store.find(key).flatMap(NotificationType::of);
            if (type.isPresent()) {
                terminal++;
                if (!notified.contains(key.reportId() + " " + type.get().wireName())) {
                    unnotified++;
                }
            }
        }
        if (unnotified > 0) {
            violations.add(unnotified + " terminal reports were never notified");
        }
        if (invalidSignatures > 0) {
            violations.add(invalidSignatures + " deliveries carried a signature the receiver could not verify");
        }
        if (conflictingRepeats > 0) {
            violations.add(conflictingRepeats + " deliveries repeated a webhook-id with another notification");
        }
        if (stillPending > 0) {
            violations.add(stillPending + " records still owe their notification");
        }
        return new ChaosReport.Notifications(
                terminal,
                terminal - unnotified,
                deliveries.size(),
                deliveries.size() - contentById.size(),
                superseded,
                receiver.refused(),
                busRefusals,
                diedBeforePublish,
                stillPending);
    }
}
