package io.medsum.notifier.delivery;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * WEBHOOK_RATE_PER_SECOND per webhook in one notifier container: a token bucket per webhook id, holding up to one
 * second's worth of tokens (so a quiet webhook takes a burst of that many at once) and refilling at the rate.
 *
 * <p>A delivery over the rate reserves the next token and waits for it in the notifier when that is at most
 * {@code maxWait} away. The notifier passes its delivery timeout: a batch then takes at most twice the timeout (a wait,
 * then an attempt), far inside the function's own; and a batch of 10 (the event source's size) to one webhook never
 * waits longer than that at the lowest rate (1/s, 9 s). When the next token is further away (the container's earlier
 * deliveries already reserved the coming seconds), it reserves nothing and says how long to defer: the delivery goes
 * back to the queue for that long as a new message that keeps its attempt count, so a burst costs receivers nothing and
 * a delivery no attempt.
 */
public final class DeliveryRateLimiter {
    /** Above this many idle buckets, full ones are forgotten (a full bucket is what a new one would be). */
    private static final int PRUNE_ABOVE = 1_000;

    private final double perNano;
    private final double capacity;
    private final long maxWaitNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** The outcome of asking for a token: go now, go after {@code waitNanos}, or defer for {@code deferNanos}. */
    public record Decision(long waitNanos, long deferNanos) {
        public boolean deferred() {
            return deferNanos > 0;
        }
    }

    /**
     * @param perSecond deliveries per second to one webhook, at least 1
     * @param maxWait the longest a delivery waits in the notifier for its token
     * @param nanoTime {@link System#nanoTime} outside tests
     */
    public DeliveryRateLimiter(int perSecond, Duration maxWait, LongSupplier nanoTime) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("WEBHOOK_RATE_PER_SECOND must be at least 1, not " + perSecond);
        }
        this.perNano = perSecond / 1e9;
        this.capacity = perSecond;
        this.maxWaitNanos = maxWait.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Takes (or reserves) a token of the webhook's bucket, or says how long to defer without taking one. */
    public Decision acquire(String webhookId) {
        if (buckets.size() > PRUNE_ABOVE) {
            prune();
        }
        Bucket bucket = buckets.computeIfAbsent(webhookId, id -> new Bucket(capacity, nanoTime.getAsLong()));
        synchronized (bucket) {
            long now = nanoTime.getAsLong();
            bucket.refill(now, perNano, capacity);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return new Decision(0, 0);
            }
            long wait = (long) Math.ceil((1 - bucket.tokens) / perNano);
            if (wait > maxWaitNanos) {
                // Reserve nothing: the deferred delivery asks again when it comes back.
                return new Decision(0, wait);
            }
            bucket.tokens -= 1; // below zero: a reservation the refill pays back
            return new Decision(wait, 0);
        }
    }

    private void prune() {
        long now = nanoTime.getAsLong();
        buckets.values().removeIf(bucket -> {
            synchronized (bucket) {
                bucket.refill(now, perNano, capacity);
                return bucket.tokens >= capacity;
            }
        });
    }

    /** Waits for a reserved token; false when interrupted. */
    static boolean sleep(long nanos) {
        if (nanos <= 0) {
            return true;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static final class Bucket {
        private double tokens;
        private long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        void refill(long now, double perNano, double capacity) {
            if (now > updated) {
                tokens = Math.min(capacity, tokens + (now - updated) * perNano);
                updated = now;
            }
        }
    }
}
