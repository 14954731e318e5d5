package io.medsum.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.common.domain.ReportIds;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.ports.IdempotencyStore;
import io.medsum.common.ports.IdempotencyStore.Reservation;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link IdempotencyStore} promises (docs/architecture.md, "Idempotency-Key"). Run against
 * {@link InMemoryIdempotencyStore} in common and against {@code DynamoIdempotencyStore} on dynalite in {@code local}.
 * Each test uses its own key.
 */
public abstract class IdempotencyStoreContract {
    protected static final long NOW = 1_800_000_000L;
    protected static final Duration LIFETIME = Duration.ofHours(24);
    protected static final Duration LOCK = Duration.ofSeconds(60);

    /** A store remembering keys for {@link #LIFETIME} and locking them for {@link #LOCK}. */
    protected abstract IdempotencyStore store();

    private String key;
    private ReportKey first;
    private ReportKey second;

    /** Per test, not per instance: a subclass may share one instance between its tests. */
    @BeforeEach
    void newKeyAndReports() {
        key = "hash-" + UUID.randomUUID();
        first = new ReportKey("P-1", ReportIds.next());
        second = new ReportKey("P-1", ReportIds.next());
    }

    @Test
    void aNewKeyIsReservedForTheProposedReport() {
        assertThat(store().reserve(key, "body-a", first, NOW)).isEqualTo(new Reservation.Reserved(first));
    }

    @Test
    void aCompletedKeyWithTheSameBodyReplaysItsReport() {
        store().reserve(key, "body-a", first, NOW);
        store().complete(key, NOW + 1);

        assertThat(store().reserve(key, "body-a", second, NOW + 2)).isEqualTo(new Reservation.Replay(first));
        assertThat(store().reserve(key, "body-a", second, NOW + LOCK.toSeconds() + 100))
                .as("completion ends the lock for good")
                .isEqualTo(new Reservation.Replay(first));
    }

    @Test
    void aKeyReusedWithAnotherBodyIsAMismatchInFlightOrCompleted() {
        store().reserve(key, "body-a", first, NOW);
        assertThat(store().reserve(key, "body-b", second, NOW + 1)).isEqualTo(new Reservation.Mismatch());

        store().complete(key, NOW + 2);
        assertThat(store().reserve(key, "body-b", second, NOW + 3)).isEqualTo(new Reservation.Mismatch());
    }

    @Test
    void aKeyIsInFlightWhileItsFirstRequestHoldsTheLock() {
        store().reserve(key, "body-a", first, NOW);
        assertThat(store().reserve(key, "body-a", second, NOW + LOCK.toSeconds() - 1))
                .isEqualTo(new Reservation.InFlight());
    }

    @Test
    void aRetryAfterTheLockRanOutTakesTheKeyOverForTheSameReport() {
        store().reserve(key, "body-a", first, NOW);
        long later = NOW + LOCK.toSeconds();

        assertThat(store().reserve(key, "body-a", second, later)).isEqualTo(new Reservation.Reserved(first));
        assertThat(store().reserve(key, "body-a", second, later))
                .as("the taker holds a new lock")
                .isEqualTo(new Reservation.InFlight());

        store().complete(key, later + 1);
        assertThat(store().reserve(key, "body-a", second, later + 2)).isEqualTo(new Reservation.Replay(first));
    }

    @Test
    void aReleasedKeyIsFreeForANewReport() {
        store().reserve(key, "body-a", first, NOW);
        store().release(key);

        assertThat(store().reserve(key, "body-b", second, NOW + 1)).isEqualTo(new Reservation.Reserved(second));
        store().release("hash-never-reserved-" + UUID.randomUUID()); // nothing there: no error
    }

    @Test
    void anExpiredKeyIsANewRequest() {
        store().reserve(key, "body-a", first, NOW);
        store().complete(key, NOW + 1);
        long expires = NOW + LIFETIME.toSeconds();

        assertThat(store().reserve(key, "body-b", second, expires))
                .as("still remembered at its expiry")
                .isEqualTo(new Reservation.Mismatch());
        assertThat(store().reserve(key, "body-b", second, expires + 1)).isEqualTo(new Reservation.Reserved(second));
    }

    @Test
    void keysDoNotSeeEachOther() {
        store().reserve(key, "body-a", first, NOW);
        assertThat(store().reserve(key + "-other", "body-b", second, NOW)).isEqualTo(new Reservation.Reserved(second));
    }
}
