package io.medsum.common.retry;

import java.util.function.LongUnaryOperator;

/**
 * Exponential backoff with jitter from a message's receive count, for the worker's model retries and the notifier's
 * webhook retries: the queue, not the client, absorbs the wait. Half the delay is fixed and half random ("equal
 * jitter") so a throttled burst spreads out without any message coming back immediately.
 */
public final class RetryBackoff {
    /** SQS's limit for a message's visibility timeout (12 hours): no delay can be longer. */
    public static final int MAX_DELAY_SECONDS = 43_200;

    private final int baseSeconds;
    private final int capSeconds;
    private final LongUnaryOperator random;

    /**
     * @param random returns a value in [0, bound) for the given bound
     * @throws IllegalArgumentException when base is negative or above cap: a misconfiguration fails at start, not as
     *     odd delays later
     */
    public RetryBackoff(int baseSeconds, int capSeconds, LongUnaryOperator random) {
        if (baseSeconds < 0 || baseSeconds > capSeconds) {
            throw new IllegalArgumentException("The retry backoff needs 0 <= base <= cap (RETRY_BASE_SECONDS="
                    + baseSeconds + ", RETRY_CAP_SECONDS=" + capSeconds + ")");
        }
        this.baseSeconds = baseSeconds;
        this.capSeconds = capSeconds;
        this.random = random;
    }

    /** {@code min(cap, base × 2^(receiveCount−1), 12 h)}, its upper half drawn at random. */
    public int delaySeconds(int receiveCount) {
        int exponent = Math.max(0, Math.min(receiveCount - 1, 20));
        long ceiling = Math.min(Math.min(capSeconds, MAX_DELAY_SECONDS), (long) baseSeconds << exponent);
        long half = ceiling / 2;
        return (int) (ceiling - half + random.applyAsLong(half + 1));
    }
}
