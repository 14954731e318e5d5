package io.medsum.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import io.medsum.common.domain.ReportIds;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportMessage;
import io.medsum.common.ports.WorkQueue;
import io.medsum.common.ports.WorkQueue.DelayedMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link WorkQueue} promises. Run against {@link InMemoryWorkQueue} in common and against
 * {@code SqsWorkQueue} on ElasticMQ in {@code local}; each test starts with empty queues.
 */
public abstract class WorkQueueContract {

    protected abstract WorkQueue queue();

    /** The reports named by the messages now on the reports queue (not the dead-letter queue). */
    protected abstract List<ReportKey> queuedReports();

    private static ReportKey newKey() {
        return new ReportKey("P-1", ReportIds.next());
    }

    @Test
    void anEnqueuedMessageNamesTheReport() {
        ReportKey key = newKey();
        queue().enqueue(key);
        assertThat(queuedReports()).containsExactly(key);
    }

    @Test
    void enqueueAllSendsEveryKeyAcrossSeveralBatches() {
        List<ReportKey> keys = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            keys.add(newKey());
        }
        assertThat(queue().enqueueAll(keys)).isEmpty();
        assertThat(queuedReports()).containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    void deadLettersArePeekedWithoutBeingRemovedAndUnreadableOnesAreSkipped() {
        ReportKey truncated = newKey();
        queue().deadLetter(ReportMessage.encode(truncated), "MODEL_OUTPUT_TRUNCATED");
        queue().deadLetter("not a report reference", "MALFORMED_MESSAGE");
        queue().deadLetter("", "MALFORMED_MESSAGE");

        assertThat(queue().peekDeadLetters(100)).containsExactly(truncated);
        assertThat(queue().peekDeadLetters(100))
                .as("still there for the operator")
                .containsExactly(truncated);
        assertThat(queuedReports()).as("the reports queue is another queue").isEmpty();
    }

    @Test
    void aDelayForAMessageTheQueueNoLongerKnowsIsOnlyLogged() {
        assertThatNoException()
                .isThrownBy(() -> queue().delayRedelivery(List.of(new DelayedMessage("gone-receipt-handle", 10))));
    }

    @Test
    void aReachableQueueSaysSo() {
        assertThat(queue().isReachable()).isTrue();
    }
}
