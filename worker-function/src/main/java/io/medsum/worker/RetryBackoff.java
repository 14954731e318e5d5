package io.medsum.worker;

import java.util.function.LongUnaryOperator;

/**
 * Exponential backoff with jitter from the message's receive count: the queue, not the client, absorbs
 * throttling. Half the delay is fixed and half random ("equal jitter") so a throttled burst spreads out
 * without any message coming back immediately.
 */
final class RetryBackoff {
    private final int baseSeconds;
    private final int capSeconds;
    private final LongUnaryOperator random;

    /** @param random returns a value in [0, bound) for the given bound */
    RetryBackoff(int baseSeconds, int capSeconds, LongUnaryOperator random) {
        this.baseSeconds = baseSeconds;
        this.capSeconds = capSeconds;
        this.random = random;
    }

    int delaySeconds(int receiveCount) {
        int exponent = Math.max(0, Math.min(receiveCount - 1, 20));
        long ceiling = Math.min((long) capSeconds, (long) baseSeconds << exponent);
        long half = ceiling / 2;
        return (int) (ceiling - half + random.applyAsLong(half + 1));
    }
}
