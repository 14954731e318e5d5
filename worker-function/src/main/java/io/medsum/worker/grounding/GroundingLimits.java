package io.medsum.worker.grounding;

/**
 * What one contextual grounding check accepts, in characters (Amazon Bedrock User Guide, "Use contextual grounding
 * check to filter hallucinations in responses", read 2026-12-02; docs/deploy.md cites it): beyond these the check
 * fails. Reports are at most 51,200 UTF-8 bytes, so at most 51,200 characters: always within the source limit.
 */
public final class GroundingLimits {
    public static final int MAX_SOURCE_CHARS = 100_000;
    public static final int MAX_QUERY_CHARS = 1_000;
    public static final int MAX_GUARDED_CHARS = 5_000;

    private GroundingLimits() {}
}
