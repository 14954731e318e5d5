package io.medsum.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medsum.common.domain.ReportIds;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.ports.WorkQueue;
import io.medsum.common.ports.WorkQueue.DelayedMessage;
import io.medsum.common.testing.InMemoryWorkQueue.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fake keeps the port's promises (the contract), and its outages fail the way the adapter does. */
class InMemoryWorkQueueTest extends WorkQueueContract {
    private final InMemoryWorkQueue queue = new InMemoryWorkQueue();

    @Override
    protected WorkQueue queue() {
        return queue;
    }

    @Override
    protected List<ReportKey> queuedReports() {
        return queue.messages();
    }

    private static ReportKey key(String patientId) {
        return new ReportKey(patientId, ReportIds.next());
    }

    @Test
    void refusedMessagesFailSingleSendsAndAreNamedByBatchSends() {
        ReportKey refused = key("REFUSED");
        ReportKey fine = key("FINE");
        queue.refuseMessagesFor(k -> k.patientId().equals("REFUSED"));

        assertThatThrownBy(() -> queue.enqueue(refused)).isInstanceOf(Outage.ServiceDown.class);
        assertThat(queue.enqueueAll(List.of(refused, fine))).containsExactly(refused);
        assertThat(queue.messages()).containsExactly(fine);
    }

    @Test
    void aBatchSendDuringAnOutageNamesEveryKeyAndNeverThrows() {
        ReportKey key = key("P");
        queue.outage().ofEverything();

        assertThat(queue.enqueueAll(List.of(key))).containsExactly(key);
        assertThat(queue.isReachable()).isFalse();
        assertThatThrownBy(() -> queue.deadLetter("body", "MALFORMED_MESSAGE")).isInstanceOf(Outage.ServiceDown.class);
    }

    @Test
    void aFailedDelayIsDroppedSilentlyLikeTheAdapterDoes() {
        queue.outage().of(Operation.DELAY_REDELIVERY);
        queue.delayRedelivery(List.of(new DelayedMessage("r", 10)));
        assertThat(queue.delays()).isEmpty();
    }

    @Test
    void aDelaySqsWouldRefuseFailsTheTest() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> queue.delayRedelivery(List.of(new DelayedMessage("r", 43_201))));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> queue.delayRedelivery(List.of(new DelayedMessage("r", -1))));
        queue.delayRedelivery(List.of(new DelayedMessage("r", 43_200)));
        assertThat(queue.delays()).containsExactly(new DelayedMessage("r", 43_200));
    }

    @Test
    void anEmptyDeadLetterBodyIsKeptAsAPlaceholder() {
        queue.deadLetter("", "MALFORMED_MESSAGE");
        assertThat(queue.deadLetters())
                .containsExactly(new InMemoryWorkQueue.DeadLetter("(empty)", "MALFORMED_MESSAGE"));
    }
}
