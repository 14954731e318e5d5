package io.medsum.common.ports;

import io.medsum.common.domain.ReportKey;

/**
 * Idempotency-Key records (IETF httpapi idempotency-key draft): a hash of caller + key, a fingerprint of the request,
 * and the report it created. Neither the key nor the body is stored in the clear.
 */
public interface IdempotencyStore {

    /** Tries to reserve the key for {@code proposed}; tells what an earlier request with the key left. */
    Reservation reserve(String keyHash, String fingerprint, ReportKey proposed, long now);

    /** The request finished: later requests with the key replay its report. */
    void complete(String keyHash, long now);

    /** The request failed before anything was accepted: the key is free again. */
    void release(String keyHash);

    sealed interface Reservation {
        /** This request owns the key; use {@code key} (a retry after a crash reuses the first report id). */
        record Reserved(ReportKey key) implements Reservation {}

        record Replay(ReportKey key) implements Reservation {}

        record InFlight() implements Reservation {}

        record Mismatch() implements Reservation {}
    }
}
