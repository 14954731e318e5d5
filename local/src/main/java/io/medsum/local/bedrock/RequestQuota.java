package io.medsum.local.bedrock;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * A sliding-window request quota, like a Bedrock requests-per-minute limit: a call is admitted when fewer than the
 * allowed number were admitted within the last window. Rejected calls do not count, so a client that backs off recovers
 * as soon as the oldest admitted call leaves the window.
 */
final class RequestQuota {
    /** Admission times in nanoTime order; never longer than the largest limit used. */
    private final ArrayDeque<Long> admitted = new ArrayDeque<>();

    /**
     * @param allowedPerWindow 0 or less means unlimited
     * @param nowNanos a {@link System#nanoTime()} reading
     */
    synchronized boolean tryAcquire(int allowedPerWindow, Duration window, long nowNanos) {
        if (allowedPerWindow <= 0) {
            // Unlimited: forget history so that turning a quota on starts from a clean window.
            admitted.clear();
            return true;
        }
        long windowNanos = window.toNanos();
        while (!admitted.isEmpty() && nowNanos - admitted.peekFirst() >= windowNanos) {
            admitted.pollFirst();
        }
        if (admitted.size() >= allowedPerWindow) {
            return false;
        }
        admitted.addLast(nowNanos);
        return true;
    }

    synchronized void reset() {
        admitted.clear();
    }
}
