package io.medsum.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

class RepairsTest {

    @Test
    void aRepairThatThrowsNeverKeepsTheNextOneFromRunning() {
        int[] sweeps = {0};
        Map<String, IntSupplier> repairs = new LinkedHashMap<>();
        repairs.put("reenqueued", () -> {
            throw new IllegalStateException("table unreachable");
        });
        repairs.put("deadLettersFailed", () -> ++sweeps[0]);

        Repairs.Outcome outcome = Repairs.runEach(repairs);

        assertThat(sweeps[0]).isEqualTo(1);
        assertThat(outcome.allRan()).isFalse();
        assertThat(outcome.counts()).containsExactly(Map.entry("deadLettersFailed", 1));
        assertThat(outcome.failures()).containsOnlyKeys("reenqueued");
    }

    @Test
    void everyRepairThatRanReportsItsCount() {
        Map<String, IntSupplier> repairs = new LinkedHashMap<>();
        repairs.put("reenqueued", () -> 3);
        repairs.put("deadLettersFailed", () -> 0);

        Repairs.Outcome outcome = Repairs.runEach(repairs);

        assertThat(outcome.allRan()).isTrue();
        assertThat(outcome.counts()).containsExactly(Map.entry("reenqueued", 3), Map.entry("deadLettersFailed", 0));
    }
}
