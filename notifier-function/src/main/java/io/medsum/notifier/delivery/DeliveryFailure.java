package io.medsum.notifier.delivery;

/**
 * Why one delivery attempt (or one fan-out) did not succeed. {@link #code()} is what the dead-letter message and the
 * logs say ({@code HTTP_503}, {@code TIMEOUT} ...); {@link #metricReason()} folds HTTP statuses into their class so the
 * metric's dimension has a few values only.
 *
 * @param httpStatus the receiver's status for {@link Kind#HTTP_STATUS} and {@link Kind#REDIRECT}, else 0
 */
public record DeliveryFailure(Kind kind, int httpStatus) {

    public enum Kind {
        /** The receiver answered with a status other than 2xx and 3xx. */
        HTTP_STATUS,
        /** The receiver answered 3xx: redirects are not followed (the target was never checked). */
        REDIRECT,
        /** No complete answer within WEBHOOK_TIMEOUT_MS (connect, send and answer together). */
        TIMEOUT,
        CONNECTION_REFUSED,
        /** Reset, closed early, not HTTP. */
        CONNECTION_FAILED,
        /** The TLS handshake failed: an untrusted or mismatched certificate, no common protocol. */
        TLS_FAILED,
        /** The URL breaks the destination policy now: a private address (DNS rebinding), off the allow-list. */
        DESTINATION_REFUSED,
        /** The webhook registry could not be read. */
        REGISTRY_UNAVAILABLE,
        /**
         * The webhook's signing secret could not be read, or a webhook registered a moment ago has none yet (a secret
         * gone from an older webhook drops the delivery instead).
         */
        SECRET_UNAVAILABLE,
        /** A fan-out could not queue every delivery. */
        QUEUE_UNAVAILABLE,
        /** Neither a notification nor a delivery: dead-lettered at once. */
        MALFORMED_MESSAGE
    }

    public static DeliveryFailure of(Kind kind) {
        return new DeliveryFailure(kind, 0);
    }

    /** The failure a non-2xx answer is. */
    public static DeliveryFailure status(int httpStatus) {
        return new DeliveryFailure(
                httpStatus >= 300 && httpStatus < 400 ? Kind.REDIRECT : Kind.HTTP_STATUS, httpStatus);
    }

    /** {@code HTTP_<status>} for a status, the kind's name otherwise. */
    public String code() {
        return kind == Kind.HTTP_STATUS ? "HTTP_" + httpStatus : kind.name();
    }

    /** {@link #code()} with statuses folded into {@code HTTP_4XX}, {@code HTTP_5XX}, {@code HTTP_OTHER}. */
    public String metricReason() {
        if (kind != Kind.HTTP_STATUS) {
            return kind.name();
        }
        if (httpStatus >= 400 && httpStatus < 500) {
            return "HTTP_4XX";
        }
        return httpStatus >= 500 && httpStatus < 600 ? "HTTP_5XX" : "HTTP_OTHER";
    }
}
