package io.medsum.ingest;

/**
 * The Idempotency-Key that applies to one submission: the client's own (a single submit, or a batch item's
 * {@code idempotencyKey}), or one derived from a batch's header key for the item's position in the batch.
 */
record IdempotencyKey(String clientKey, int batchPosition) {
    private static final int NOT_DERIVED = -1;

    static IdempotencyKey of(String clientKey) {
        return new IdempotencyKey(clientKey, NOT_DERIVED);
    }

    static IdempotencyKey ofBatchPosition(String batchKey, int position) {
        return new IdempotencyKey(batchKey, position);
    }

    /** The stored hash, scoped by tenant; a derived key hashes in its own name space (see IdempotencyKeys). */
    String hash(String tenant) {
        return batchPosition == NOT_DERIVED
                ? IdempotencyKeys.keyHash(tenant, clientKey)
                : IdempotencyKeys.batchItemKeyHash(tenant, clientKey, batchPosition);
    }

    /** Keys are secrets of the client's: never printed. */
    @Override
    public String toString() {
        return "IdempotencyKey[derived=" + (batchPosition != NOT_DERIVED) + "]";
    }
}
