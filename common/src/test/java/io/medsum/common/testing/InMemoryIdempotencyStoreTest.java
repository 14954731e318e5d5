package io.medsum.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medsum.common.domain.ReportIds;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.ports.IdempotencyStore;
import io.medsum.common.testing.InMemoryIdempotencyStore.Operation;
import org.junit.jupiter.api.Test;

/** The fake keeps the port's promises (the contract), and its outages fail the way the adapter does. */
class InMemoryIdempotencyStoreTest extends IdempotencyStoreContract {
    private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(LIFETIME, LOCK);

    @Override
    protected IdempotencyStore store() {
        return store;
    }

    @Test
    void aDownStoreThrowsAndRemembersNothing() {
        store.outage().of(Operation.RESERVE);

        assertThatThrownBy(() -> store.reserve("k", "f", new ReportKey("P", ReportIds.next()), NOW))
                .isInstanceOf(Outage.ServiceDown.class);
        assertThat(store.size()).isZero();
    }
}
