package io.medsum.common.aws;

import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Lets SnapStart priming drive real SDK calls through every client of one {@link AwsClientFactory} without a single
 * byte leaving the process: while {@link #dryRun} runs, each request is built, marshalled, endpoint-resolved and signed
 * as usual, then stopped just before transmission. So priming loads and compiles the same code a first real call would,
 * needs no IAM permission, costs nothing and cannot write anything.
 *
 * <p>The gate closes for the factory's clients on every thread (the ingest batch path calls DynamoDB from a pool). That
 * is safe because Lambda takes the snapshot before the first invocation: nothing else is in flight while priming runs.
 */
public final class DryRunGate implements ExecutionInterceptor {
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Runs {@code calls} with transmission blocked; whatever they throw (including {@link Stopped}) propagates. */
    public void dryRun(Runnable calls) {
        if (!closed.compareAndSet(false, true)) {
            throw new IllegalStateException("A dry run is already in progress");
        }
        try {
            calls.run();
        } finally {
            closed.set(false);
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
        if (closed.get()) {
            throw new Stopped();
        }
    }

    /** What a call made during a dry run ends with: it was stopped before it was sent. */
    public static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            // No stack trace: priming throws one per call and never looks at it.
            super("Dry run: the request was built and signed but not sent", null, false, false);
        }
    }
}
