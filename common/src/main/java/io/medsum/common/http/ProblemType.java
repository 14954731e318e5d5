package io.medsum.common.http;

/** The RFC 9457 problem types this API answers with; {@code type} is a stable URN clients can match. */
public enum ProblemType {
    VALIDATION(400, "validation", "The request is invalid"),
    MALFORMED_JSON(400, "malformed-json", "The request body is not valid JSON"),
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    IDEMPOTENCY_IN_FLIGHT(409, "idempotency-in-flight", "A request with this Idempotency-Key is still being processed"),
    NOT_AWAITING_REVIEW(409, "not-awaiting-review", "The report is not awaiting review"),
    WEBHOOK_LIMIT(409, "webhook-limit", "The caller has as many webhooks as it may have"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "The report or the request is too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "The request body must be application/json"),
    IDEMPOTENCY_MISMATCH(422, "idempotency-key-reused", "This Idempotency-Key was used with a different request body"),
    INTERNAL(500, "internal", "Internal error"),
    ENQUEUE_FAILED(503, "enqueue-failed", "The report could not be queued; nothing was kept, retry later"),
    UNAVAILABLE(503, "unavailable", "A dependency is unavailable; retry later"),
    AUDIT_UNAVAILABLE(503, "audit-unavailable", "The access could not be recorded in the audit trail; retry later");

    private final int status;
    private final String slug;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String uri() {
        return "urn:problem:medsum:" + slug;
    }

    public String title() {
        return title;
    }
}
