package io.medsum.common.testing;

import io.medsum.common.domain.ReportKey;
import io.medsum.common.ports.IdempotencyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link IdempotencyStore} in memory with the rules of {@code DynamoIdempotencyStore}: a new or expired key is reserved
 * for the proposed report; a known key with another fingerprint is a mismatch, a completed one replays its report, a
 * locked one is in flight, and one whose lock ran out is taken over for the same report.
 * {@link IdempotencyStoreContract} holds this fake and the DynamoDB adapter to the same rules.
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {
    public enum Operation {
        RESERVE,
        COMPLETE,
        RELEASE
    }

    private record Entry(String fingerprint, ReportKey target, boolean completed, long lockedUntil, long expiresAt) {}

    private final Map<String, Entry> entries = new HashMap<>();
    private final Outage<Operation> outage = new Outage<>(Operation.class);
    private final Duration keyLifetime;
    private final Duration lock;

    /** The ingest function's settings: keys live 24 hours, an unfinished request holds its key 60 seconds. */
    public InMemoryIdempotencyStore() {
        this(Duration.ofHours(24), Duration.ofSeconds(60));
    }

    public InMemoryIdempotencyStore(Duration keyLifetime, Duration lock) {
        this.keyLifetime = keyLifetime;
        this.lock = lock;
    }

    public Outage<Operation> outage() {
        return outage;
    }

    /** How many keys are remembered. */
    public synchronized int size() {
        return entries.size();
    }

    @Override
    public synchronized Reservation reserve(String keyHash, String fingerprint, ReportKey proposed, long now) {
        outage.check(Operation.RESERVE);
        Entry existing = entries.get(keyHash);
        if (existing == null || existing.expiresAt() < now) {
            entries.put(
                    keyHash,
                    new Entry(fingerprint, proposed, false, now + lock.toSeconds(), now + keyLifetime.toSeconds()));
            return new Reservation.Reserved(proposed);
        }
        if (!existing.fingerprint().equals(fingerprint)) {
            return new Reservation.Mismatch();
        }
        if (existing.completed()) {
            return new Reservation.Replay(existing.target());
        }
        if (existing.lockedUntil() > now) {
            return new Reservation.InFlight();
        }
        // The first request died mid-way: take the key over and finish the same report.
        entries.put(
                keyHash,
                new Entry(fingerprint, existing.target(), false, now + lock.toSeconds(), existing.expiresAt()));
        return new Reservation.Reserved(existing.target());
    }

    @Override
    public synchronized void complete(String keyHash, long now) {
        outage.check(Operation.COMPLETE);
        Entry entry = entries.get(keyHash);
        if (entry != null) {
            entries.put(keyHash, new Entry(entry.fingerprint(), entry.target(), true, 0, entry.expiresAt()));
        }
    }

    @Override
    public synchronized void release(String keyHash) {
        outage.check(Operation.RELEASE);
        entries.remove(keyHash);
    }
}
