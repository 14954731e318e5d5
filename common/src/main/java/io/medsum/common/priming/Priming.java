package io.medsum.common.priming;

import io.medsum.common.aws.DryRunGate;
import io.medsum.common.observability.SafeErrors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SnapStart priming run: named steps that warm a function's code paths before Lambda takes the snapshot (class
 * loading, JIT, SDK marshalling and signing), so the first request after a restore does not pay for them.
 *
 * <p>Rules every step follows: it writes nothing, sends nothing to AWS (SDK calls run inside an
 * {@link io.medsum.common.aws.AwsClientFactory#dryRun dry run}), records no metrics, and creates no report ids or claim
 * tokens (a random generator seeded before the snapshot would be shared by every sandbox restored from it). A step that
 * fails is skipped and noted: priming must never fail a snapshot.
 */
public final class Priming {
    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);

    private final String function;
    private final List<String> completed = new ArrayList<>();
    private final Map<String, String> skipped = new LinkedHashMap<>();

    public Priming(String function) {
        this.function = function;
    }

    /** Runs one step; a dry-run call stopped before transmission counts as done, anything else thrown as skipped. */
    public Priming step(String name, Runnable step) {
        try {
            step.run();
            completed.add(name);
        } catch (DryRunGate.Stopped stoppedBeforeSending) {
            completed.add(name);
        } catch (RuntimeException e) {
            skipped.put(name, SafeErrors.describe(e));
        }
        return this;
    }

    /** Logs one line for operators; called once all steps ran. */
    public Priming done() {
        if (skipped.isEmpty()) {
            LOG.info("SnapStart priming of {}: {} steps done", function, completed.size());
        } else {
            LOG.warn("SnapStart priming of {}: {} steps done, skipped {}", function, completed.size(), skipped);
        }
        return this;
    }

    public List<String> completed() {
        return List.copyOf(completed);
    }

    public Map<String, String> skipped() {
        return Map.copyOf(skipped);
    }
}
