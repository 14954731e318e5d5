package io.medsum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.local.LocalStack;
import java.time.Duration;

/** Waiting, bounded, for the local stack to reach a state, as an operator polling with the CLI would. */
final class StackWaits {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private StackWaits() {}

    static void awaitDlqDepth(LocalStack stack, int depth) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (stack.pipeline().queueDepth(stack.info().dlqUrl()) < depth && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(stack.pipeline().queueDepth(stack.info().dlqUrl())).isEqualTo(depth);
    }

    /** Polls {@code ./medsum status} until the report shows {@code status}. */
    static void awaitStatus(String dataDir, String patientId, String reportId, String status)
            throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        String out = "";
        while (System.nanoTime() < deadline) {
            out = CliRun.of("status", patientId, reportId, "--data-dir", dataDir)
                    .out();
            if (out.contains("status    " + status)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(reportId + " never reached " + status + ": " + out);
    }
}
