package io.medsum.local.bedrock;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the stand-in did to its most recent summaries, keyed by the report's digest ({@link CallCounters#digest}):
 * nothing, a paraphrase, or which fact it altered. For in-process harnesses only: not served over HTTP and never logged
 * (the key is a hash, no text is kept). Bounded: the oldest entries go first.
 */
public final class RewriteLog {
    public static final int DEFAULT_CAPACITY = 10_000;

    /** What was done to one summary. */
    public enum Rewrite {
        NONE,
        PARAPHRASED,
        ALTERED_NUMBER,
        ALTERED_DOSE,
        ALTERED_UNIT,
        ALTERED_SIDE,
        ALTERED_NEGATION,
        ALTERED_CERTAINTY,
        ALTERED_MEDICATION,
        ALTERED_DIAGNOSIS;

        static Rewrite altered(FactAlteration.Kind kind) {
            return valueOf("ALTERED_" + kind.name());
        }

        /** The kind of fact altered; empty for NONE and PARAPHRASED. */
        public Optional<FactAlteration.Kind> alteredKind() {
            return name().startsWith("ALTERED_")
                    ? Optional.of(FactAlteration.Kind.valueOf(name().substring(8)))
                    : Optional.empty();
        }
    }

    private final int capacity;
    private final Map<String, Rewrite> recent;

    public RewriteLog() {
        this(DEFAULT_CAPACITY);
    }

    public RewriteLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
        this.recent = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Rewrite> eldest) {
                return super.size() > RewriteLog.this.capacity;
            }
        };
    }

    /** The last rewrite of the summary of the report with this text, if still remembered. */
    public synchronized Optional<Rewrite> forReport(String reportText) {
        return Optional.ofNullable(recent.get(CallCounters.digest(reportText)));
    }

    public synchronized int size() {
        return recent.size();
    }

    public synchronized void clear() {
        recent.clear();
    }

    synchronized void record(String reportDigest, Rewrite rewrite) {
        recent.remove(reportDigest); // the latest summary of a report counts, and it becomes the newest entry
        recent.put(reportDigest, rewrite);
    }
}
