package io.medsum.ingest;

import io.medsum.common.observability.SafeErrors;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the reconciler's repairs each on its own: a repair that throws is logged and counted as failed, and never keeps
 * the next one from running (a DynamoDB hiccup in one must not leave the DLQ unswept).
 */
final class Repairs {
    private static final Logger LOG = LoggerFactory.getLogger(Repairs.class);

    /** What each repair did: its count, or the failure that stopped it. */
    record Outcome(Map<String, Integer> counts, Map<String, String> failures) {
        boolean allRan() {
            return failures.isEmpty();
        }
    }

    private Repairs() {}

    static Outcome runEach(Map<String, IntSupplier> repairs) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        repairs.forEach((name, repair) -> {
            try {
                counts.put(name, repair.getAsInt());
            } catch (RuntimeException e) {
                String cause = SafeErrors.describe(e);
                LOG.error("Repair {} failed: {}", name, cause);
                failures.put(name, cause);
            }
        });
        return new Outcome(counts, failures);
    }
}
