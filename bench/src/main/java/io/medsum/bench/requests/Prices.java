package io.medsum.bench.requests;

/**
 * Public list prices, region us-east-1, on demand: no free tier, no savings plans, no volume tiers beyond the first.
 * Lambda, API Gateway, DynamoDB, SQS, KMS and CloudWatch Logs are as of the author's knowledge (late 2024 / 2025). The
 * Bedrock model prices were looked up 2026-12-02 (sources on the constants). Check the AWS pricing pages before
 * quoting.
 */
final class Prices {
    /** Lambda on arm64 (the template's architecture), per GB-second. x86_64 is $0.0000166667. */
    static final double LAMBDA_GB_SECOND = 0.0000133334;
    /** Lambda, per invocation ($0.20 per million). */
    static final double LAMBDA_REQUEST = 0.20 / 1e6;
    /** API Gateway REST API, per request ($3.50 per million, first 333 million a month). */
    static final double API_GATEWAY_REST_REQUEST = 3.50 / 1e6;
    /** DynamoDB on-demand, per write request unit ($0.625 per million since the November 2024 price cut). */
    static final double DYNAMODB_WRITE_UNIT = 0.625 / 1e6;
    /** DynamoDB on-demand, per read request unit ($0.125 per million). */
    static final double DYNAMODB_READ_UNIT = 0.125 / 1e6;
    /** SQS standard queue, per request (each 64 KB chunk of a payload is a request; ours are far smaller). */
    static final double SQS_REQUEST = 0.40 / 1e6;
    /** KMS, per API request ($0.03 per 10,000), plus $1 a month per customer managed key. */
    static final double KMS_REQUEST = 0.03 / 1e4;

    static final double KMS_KEY_MONTH = 1.00;
    /**
     * The model the benchmark prices: the default ModelId (docs/deploy.md, "Model"), called through its US cross-region
     * inference profile.
     */
    static final String BEDROCK_MODEL = "Amazon Nova 2 Lite (us. inference profile)";
    /**
     * Amazon Bedrock, Amazon Nova 2 Lite on demand through the us. (geographic) inference profile, per 1,000 input
     * tokens: $0.33 per million. Read 2026-12-02 from copies of https://aws.amazon.com/bedrock/pricing/ and the AWS
     * Price List (global profile $0.30, geographic profiles 1.10 times that); the stored copy of the AWS page itself
     * shows no figures, so this is not verified on the AWS page: re-check before quoting.
     */
    static final double BEDROCK_INPUT_1K = 0.00033;
    /** As {@link #BEDROCK_INPUT_1K}, per 1,000 output tokens: $2.75 per million (global profile $2.50). */
    static final double BEDROCK_OUTPUT_1K = 0.00275;
    /**
     * Batch inference (asynchronous jobs from S3, which the pipeline does not use) is priced 50% below on demand on the
     * AWS pricing page. Whether Nova 2 Lite is offered in batch, and at exactly half, was not verified on 2026-12-02;
     * these are the on-demand prices halved, printed for comparison only.
     */
    static final double BEDROCK_BATCH_INPUT_1K = BEDROCK_INPUT_1K / 2;
    /** See {@link #BEDROCK_BATCH_INPUT_1K}; per 1,000 output tokens. */
    static final double BEDROCK_BATCH_OUTPUT_1K = BEDROCK_OUTPUT_1K / 2;
    /** CloudWatch Logs, standard class, per GB ingested. */
    static final double LOGS_INGESTED_GB = 0.50;
    /** Lambda's own START, END and REPORT lines per invocation, roughly. */
    static final int PLATFORM_LOG_BYTES_PER_INVOCATION = 350;

    private Prices() {}
}
