package io.medsum.bench.spike;

import java.util.Locale;

/**
 * Worker concurrency from the model quota, as template.yaml's MaxConcurrency description says: in-flight model calls =
 * MaxConcurrency x WorkerParallelism should be about quota_rpm x latency_s / 60. Picks the pair (within the template's
 * bounds, MaxConcurrency 2..1000, WorkerParallelism 1..10) closest to that target, preferring more parallelism (fewer
 * invocations) on a tie.
 */
record Sizing(double target, int concurrency, int parallelism) {
    static final int MIN_CONCURRENCY = 2;
    static final int MAX_CONCURRENCY = 1000;
    static final int MAX_PARALLELISM = 10;

    static Sizing fromQuota(int rpm, long latencyMs) {
        double target = rpm * (latencyMs / 1000.0) / 60.0;
        int bestC = MIN_CONCURRENCY;
        int bestP = 1;
        double bestError = Double.MAX_VALUE;
        for (int p = MAX_PARALLELISM; p >= 1; p--) {
            int c = (int) Math.max(MIN_CONCURRENCY, Math.min(MAX_CONCURRENCY, Math.round(target / p)));
            double error = Math.abs((double) c * p - target);
            if (error < bestError - 1e-9) {
                bestError = error;
                bestC = c;
                bestP = p;
            }
        }
        return new Sizing(target, bestC, bestP);
    }

    static Sizing explicit(double target, int concurrency, int parallelism) {
        return new Sizing(target, concurrency, parallelism);
    }

    int inFlight() {
        return concurrency * parallelism;
    }

    /** What the template's defaults (WorkerParallelism 10, formula ceil) would give, for comparison. */
    static String templateDefault(int rpm, long latencyMs) {
        double target = rpm * (latencyMs / 1000.0) / 60.0;
        int c = (int) Math.max(MIN_CONCURRENCY, Math.ceil(target / MAX_PARALLELISM));
        return String.format(
                Locale.ROOT,
                "MaxConcurrency %d x WorkerParallelism %d = %d in flight",
                c,
                MAX_PARALLELISM,
                c * MAX_PARALLELISM);
    }

    String describe() {
        return String.format(
                Locale.ROOT,
                "quota %s in-flight model calls (Q x L / 60) -> MaxConcurrency %d x WorkerParallelism %d = %d in flight",
                String.format(Locale.ROOT, "%.2f", target),
                concurrency,
                parallelism,
                inFlight());
    }
}
