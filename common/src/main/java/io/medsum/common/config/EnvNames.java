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

    public static final String AWS_REGION = "AWS_REGION";

    private EnvNames() {}
}
