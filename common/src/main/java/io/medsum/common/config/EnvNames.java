package io.medsum.common.config;

/** Every environment variable the functions read; the template sets exactly these (a test checks it). */
public final class EnvNames {
    public static final String TABLE_NAME = "TABLE_NAME";
    public static final String QUEUE_URL = "QUEUE_URL";
    public static final String DLQ_URL = "DLQ_URL";
    public static final String RETENTION_DAYS = "RETENTION_DAYS";
    public static final String MODEL_ID = "MODEL_ID";
    public static final String MAX_OUTPUT_TOKENS = "MAX_OUTPUT_TOKENS";
    public static final String MAX_RECEIVE_COUNT = "MAX_RECEIVE_COUNT";
    public static final String WORKER_PARALLELISM = "WORKER_PARALLELISM";
    public static final String LEASE_SECONDS = "LEASE_SECONDS";
    public static final String MODEL_ATTEMPT_TIMEOUT_MS = "MODEL_ATTEMPT_TIMEOUT_MS";
    public static final String MODEL_MAX_ATTEMPTS = "MODEL_MAX_ATTEMPTS";
    public static final String RETRY_BASE_SECONDS = "RETRY_BASE_SECONDS";
    public static final String RETRY_CAP_SECONDS = "RETRY_CAP_SECONDS";
    public static final String FALLBACK_SUMMARIZER = "FALLBACK_SUMMARIZER";
    /** The grounding guardrail's id and version; both empty: the optional grounding check is off. */
    public static final String GUARDRAIL_ID = "GUARDRAIL_ID";

    public static final String GUARDRAIL_VERSION = "GUARDRAIL_VERSION";
    public static final String RECONCILE_AFTER_SECONDS = "RECONCILE_AFTER_SECONDS";
    /** Comma-separated browser origins the API answers with CORS headers; empty for none. */
    public static final String CORS_ALLOWED_ORIGINS = "CORS_ALLOWED_ORIGINS";

    /** The log group access entries go to (the audit trail), apart from the functions' diagnostic logs. */
    public static final String AUDIT_LOG_GROUP = "AUDIT_LOG_GROUP";
    /** The Secrets Manager secret whose value keys the listing cursors' HMAC. */
    public static final String CURSOR_KEY_SECRET_ARN = "CURSOR_KEY_SECRET_ARN";
    /** Comma-separated tenants (tenant ids or IAM role ARNs) that may read every tenant's reports. */
    public static final String CROSS_TENANT_READERS = "CROSS_TENANT_READERS";

    /** The stack's EventBridge bus terminal transitions are published to. */
    public static final String EVENT_BUS_NAME = "EVENT_BUS_NAME";
    /** The API's base URL (scheme, host, stage), for the statusUrl of notifications written outside a request. */
    public static final String API_URL = "API_URL";
    /** Seconds a terminal transition may wait for its own writer's publish before the reconciler publishes it. */
    public static final String NOTIFY_AFTER_SECONDS = "NOTIFY_AFTER_SECONDS";

    /** The webhook registrations (tenant, id, URL, event types). */
    public static final String WEBHOOKS_TABLE_NAME = "WEBHOOKS_TABLE_NAME";
    /** The prefix of each webhook's Secrets Manager secret name: {@code <prefix>/<webhook id>}. */
    public static final String WEBHOOK_SECRET_PREFIX = "WEBHOOK_SECRET_PREFIX";
    /** The KMS key that encrypts the webhooks' signing secrets (the stack's data key). */
    public static final String WEBHOOK_SECRET_KEY_ID = "WEBHOOK_SECRET_KEY_ID";
    /** The queue the bus feeds (notifications) and the notifier fans out into (one delivery per webhook). */
    public static final String NOTIFICATIONS_QUEUE_URL = "NOTIFICATIONS_QUEUE_URL";

    public static final String NOTIFICATIONS_DLQ_URL = "NOTIFICATIONS_DLQ_URL";
    /** Per-attempt timeout of a webhook delivery, at most 10 000 ms. */
    public static final String WEBHOOK_TIMEOUT_MS = "WEBHOOK_TIMEOUT_MS";
    /** Backoff of failed deliveries: base and cap seconds, and attempts before the notifications DLQ. */
    public static final String WEBHOOK_RETRY_BASE_SECONDS = "WEBHOOK_RETRY_BASE_SECONDS";

    public static final String WEBHOOK_RETRY_CAP_SECONDS = "WEBHOOK_RETRY_CAP_SECONDS";
    public static final String WEBHOOK_MAX_ATTEMPTS = "WEBHOOK_MAX_ATTEMPTS";
    /** Deliveries per second to one webhook from one notifier container. */
    public static final String WEBHOOK_RATE_PER_SECOND = "WEBHOOK_RATE_PER_SECOND";
    /** Comma-separated host patterns ({@code hooks.example.org}, {@code *.example.org}); empty: any public host. */
    public static final String WEBHOOK_ALLOWED_HOSTS = "WEBHOOK_ALLOWED_HOSTS";
    /**
     * {@code true} only in the local stack: {@code http://127.0.0.1} receivers are allowed (and only they are exempt
     * from the address rules). Deployed, receivers are https and public.
     */
    public static final String WEBHOOK_ALLOW_LOOPBACK = "WEBHOOK_ALLOW_LOOPBACK";

    public static final String AWS_REGION = "AWS_REGION";

    private EnvNames() {}
}
