package io.medsum.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportIds;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportSubmission;
import io.medsum.common.ports.ReportStore;
import io.medsum.common.testing.InMemoryReportStore.Operation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fake keeps the port's promises (the contract), and its outages fail the way the adapter does. */
class InMemoryReportStoreTest extends ReportStoreContract {
    private final InMemoryReportStore store = new InMemoryReportStore();

    @Override
    protected ReportStore store() {
        return store;
    }

    private static Report report() {
        ReportKey key = new ReportKey("P-1", ReportIds.next());
        return Report.pending(key, "apikey:test", new ReportSubmission("P-1", "text", "S", Map.of()), NOW, 60);
    }

    @Test
    void aDownOperationThrowsAndTheOthersWork() {
        Report report = report();
        store.outage().of(Operation.CLAIM);

        assertThat(store.create(report)).isTrue();
        assertThatThrownBy(() -> store.claim(report.key(), "t", NOW, NOW + 60)).isInstanceOf(Outage.ServiceDown.class);
        assertThat(store.isReachable()).isTrue();

        store.outage().end();
        assertThat(store.claim(report.key(), "t", NOW, NOW + 60)).isInstanceOf(ReportStore.Claim.Claimed.class);
    }

    @Test
    void aStoreDownAltogetherIsUnreachableAndABatchWriteNamesEveryRecordUnwritten() {
        Report report = report();
        store.outage().ofEverything();

        assertThat(store.isReachable()).isFalse();
        assertThat(store.createAll(List.of(report))).containsExactly(report.key());
        assertThatThrownBy(() -> store.find(report.key())).isInstanceOf(Outage.ServiceDown.class);

        store.outage().end();
        assertThat(store.size()).isZero();
    }
}
