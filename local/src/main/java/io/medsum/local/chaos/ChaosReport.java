package io.medsum.local.chaos;

import java.io.PrintStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a chaos run did and whether every promise held. Empty {@code violations} means it passed. */
public record ChaosReport(
        int reports,
        long seed,
        int accepted,
        int clientGaveUp,
        int success,
        int failed,
        Map<String, Integer> failedByCode,
        int unfinished,
        int orphans,
        int deadLettered,
        int failedWithoutDeadLetter,
        long modelCalls,
        long successfulModelCalls,
        long throttledCalls,
        int crashedClaims,
        int crashedBatches,
        int duplicateDeliveries,
        int strandedWrites,
        int enqueueFailures,
        int dynamoRestarts,
        int duplicateSummaries,
        Notifications notifications,
        double seconds,
        List<String> violations) {

    /**
     * The notification path: terminal reports and those notified with their transition's type, deliveries the flaky
     * receiver accepted (repeats among them, always under the same webhook-id; failures announced before a duplicate
     * message redrove the report to its final state), requests it failed on purpose, PutEvents calls the bus refused,
     * workers that died between their terminal writes and the publish, and records still owing a notification at the
     * end.
     */
    public record Notifications(
            int terminal,
            int notified,
            int deliveries,
            int repeatedDeliveries,
            int supersededFailures,
            int receiverFailures,
            int busRefusals,
            int diedBeforePublish,
            int stillPending) {}

    public ChaosReport {
        failedByCode = Collections.unmodifiableMap(new LinkedHashMap<>(failedByCode));
        violations = List.copyOf(violations);
    }

    public boolean passed() {
        return violations.isEmpty();
    }

    /** Successful model calls per SUCCESS report. */
    public double modelCallsPerSuccess() {
        return success == 0 ? 0 : (double) successfulModelCalls / success;
    }

    /** Each abandoned claim may cost one more call: 1 + crashes / SUCCESS (1 + crashes / N when all succeed). */
    public double bound() {
        return 1 + (double) crashedClaims / Math.max(1, success);
    }

    public void print(PrintStream out) {
        out.printf("%nchaos: %d reports, seed %d, %.1f s%n", reports, seed, seconds);
        out.printf(
                "  injected: %d worker crashes (%d claims abandoned), %d duplicate deliveries, %d enqueue failures,%n",
                crashedBatches, crashedClaims, duplicateDeliveries, enqueueFailures);
        out.printf(
                "            %d writes stranded before their enqueue, %d DynamoDB restarts%n",
                strandedWrites, dynamoRestarts);
        out.printf(
                "            %d workers killed between terminal write and publish, %d PutEvents refused by the bus,%n",
                notifications.diedBeforePublish(), notifications.busRefusals());
        out.printf("            %d webhook requests failed by the receiver%n", notifications.receiverFailures());
        out.printf("  %-44s %8s%n", "CHECK", "VALUE");
        out.printf("  %-44s %8d%n", "accepted (202 + stranded writes)", accepted);
        out.printf("  %-44s %8d%n", "SUCCESS", success);
        out.printf("  %-44s %8d   %s%n", "FAILED (with a reason code)", failed, failedByCode);
        out.printf("  %-44s %8d%n", "PENDING or PROCESSING at the end", unfinished);
        out.printf("  %-44s %8d%n", "accepted - SUCCESS - FAILED", accepted - success - failed);
        out.printf("  %-44s %8d%n", "FAILED, redrivable, but not in the DLQ", failedWithoutDeadLetter);
        out.printf("  %-44s %8d%n", "messages in the DLQ", deadLettered);
        out.printf(
                "  %-44s %8.3f   (bound %.3f)%n",
                "successful model calls per SUCCESS", modelCallsPerSuccess(), bound());
        out.printf("  %-44s %8d%n", "duplicate summaries (beyond crashes)", duplicateSummaries);
        out.printf("  %-44s %8d   (of %d calls)%n", "throttled model calls", throttledCalls, modelCalls);
        out.printf("  %-44s %8d%n", "client gave up (after retries)", clientGaveUp);
        out.printf("  %-44s %8d%n", "records the client never got an id for", orphans);
        out.printf(
                "  %-44s %8d   (of %d terminal)%n",
                "terminal reports notified (signed, right type)", notifications.notified(), notifications.terminal());
        out.printf(
                "  %-44s %8d   (%d repeats, same webhook-id; %d superseded failures)%n",
                "webhook deliveries accepted",
                notifications.deliveries(),
                notifications.repeatedDeliveries(),
                notifications.supersededFailures());
        out.printf("  %-44s %8d%n", "records still owing a notification", notifications.stillPending());
        if (passed()) {
            out.println("  RESULT: every invariant held");
        } else {
            out.println("  RESULT: " + violations.size() + " violation(s)");
            violations.forEach(v -> out.println("   - " + v));
        }
    }
}
