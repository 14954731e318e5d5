package io.medsum.local.services;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fault switch of the local EventBridge: while it is on, or for the next N PutEvents requests, PutEvents answers
 * HTTP 500 {@code InternalException} (EventBridge's documented server-side error for PutEvents) and accepts nothing, so
 * tests and chaos runs can take "the bus is down" through the real SDK path. A request is one HTTP request: the SDK's
 * own retries of a failed call count, each one.
 */
public final class EventBusOutage {
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicInteger nextFailures = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    /** Fails every PutEvents request until {@link #end()}. */
    public EventBusOutage start() {
        down.set(true);
        return this;
    }

    /** Fails the next {@code requests} PutEvents requests, then serves again. */
    public EventBusOutage failNext(int requests) {
        if (requests < 0) {
            throw new IllegalArgumentException("requests must be 0 or more");
        }
        nextFailures.set(requests);
        return this;
    }

    /** Serves again: ends a started outage and forgets pending failures. */
    public EventBusOutage end() {
        down.set(false);
        nextFailures.set(0);
        return this;
    }

    public boolean isDown() {
        return down.get() || nextFailures.get() > 0;
    }

    /** PutEvents requests refused so far. */
    public int refusedRequests() {
        return refused.get();
    }

    /** Whether this request is to fail; consumes one of the next-N failures. */
    boolean refuse() {
        boolean refuse = down.get() || nextFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        if (refuse) {
            refused.incrementAndGet();
        }
        return refuse;
    }
}
