package io.medsum.common.validation;

/** The request limits of DESIGN.md, in one place. */
public final class SubmissionLimits {
    public static final int MAX_TEXT_BYTES = 51_200;
    public static final int MAX_METADATA_KEYS = 20;
    public static final int MAX_METADATA_VALUE_CHARS = 256;
    public static final int MAX_BATCH_ITEMS = 100;
    /** API Gateway's payload limit for Lambda proxy integrations. */
    public static final int MAX_BODY_BYTES = 6 * 1024 * 1024;

    public static final int MAX_IDEMPOTENCY_KEY_CHARS = 255;

    private SubmissionLimits() {}
}
