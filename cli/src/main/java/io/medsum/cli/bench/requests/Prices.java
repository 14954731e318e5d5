package io.medsum.cli.bench.requests;

/**
 * Public list prices, region us-east-1, on-demand, as of the author's knowledge (late 2024 / 2025): no free
 * tier, no savings plans, no volume tiers beyond the first. Check the AWS pricing pages before quoting.
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
    /** Amazon Bedrock, Titan Text Express on demand, per 1,000 input tokens. */
    static final double TITAN_EXPRESS_INPUT_1K = 0.0002;
    /** Amazon Bedrock, Titan Text Express on demand, per 1,000 output tokens. */
    static final double TITAN_EXPRESS_OUTPUT_1K = 0.0006;
    /** CloudWatch Logs, standard class, per GB ingested. */
    static final double LOGS_INGESTED_GB = 0.50;
    /** Lambda's own START, END and REPORT lines per invocation, roughly. */
    static final int PLATFORM_LOG_BYTES_PER_INVOCATION = 350;

    private Prices() {}
}
