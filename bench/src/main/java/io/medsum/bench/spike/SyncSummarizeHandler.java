package io.medsum.bench.spike;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.medsum.common.aws.AwsClientFactory;
import io.medsum.common.config.EnvNames;
import io.medsum.common.config.Settings;
import io.medsum.common.domain.FailureCode;
import io.medsum.common.domain.ModelIds;
import io.medsum.common.domain.ReportIds;
import io.medsum.common.json.Json;
import io.medsum.common.ports.SummaryModel.ModelException;
import io.medsum.common.ports.SummaryModel.ModelSummary;
import io.medsum.common.validation.SubmissionValidator;
import io.medsum.worker.model.BedrockSummaryModel;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * BENCHMARK ONLY, not product code: the original synchronous design the queue replaced, for the spike benchmark to run
 * side by side with the pipeline. One API request = one Lambda invocation that calls Bedrock Converse (the default
 * model, the real {@link BedrockRuntimeClient} with the SDK's own retries in standard mode: 3 attempts, exponential
 * backoff with jitter, 1 s base for throttling) and then writes the finished record to DynamoDB before answering
 * {@code 200} with the summary. Whatever the SDK retries do not absorb reaches the client: a throttle as {@code 429},
 * an unavailable model as {@code 503}, anything else as {@code 500}.
 */
public final class SyncSummarizeHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private final BedrockSummaryModel model;
    private final DynamoDbClient dynamo;
    private final String table;
    private final SubmissionValidator validator = new SubmissionValidator();

    public SyncSummarizeHandler(Settings settings) {
        AwsClientFactory clients = new AwsClientFactory(settings);
        BedrockRuntimeClient bedrock = clients.build(
                BedrockRuntimeClient.builder().overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD)),
                "BEDROCK_RUNTIME",
                Duration.ofSeconds(30));
        this.model = new BedrockSummaryModel(
                bedrock,
                settings.string(EnvNames.MODEL_ID, ModelIds.DEFAULT),
                settings.integer(EnvNames.MAX_OUTPUT_TOKENS, 512));
        this.dynamo = clients.build(DynamoDbClient.builder(), "DYNAMODB", Duration.ofSeconds(5));
        this.table = settings.required(EnvNames.TABLE_NAME);
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        SubmissionValidator.Result valid;
        try {
            valid = validator.validate(Json.parse(event.getBody() == null ? "" : event.getBody()), "", Set.of());
        } catch (Json.InvalidJsonException e) {
            return answer(400, Map.of("message", "invalid JSON"));
        }
        if (!valid.isValid()) {
            return answer(valid.tooLarge() ? 413 : 400, Map.of("message", "invalid report"));
        }
        var submission = valid.submission();
        ModelSummary summary;
        try {
            summary = model.summarize(submission.text());
        } catch (ModelException e) {
            FailureCode code = e.code();
            int status = switch (code) {
                case MODEL_THROTTLED -> 429;
                case MODEL_UNAVAILABLE, MODEL_TIMEOUT -> 503;
                default -> 500;
            };
            return answer(status, Map.of("message", "summarization failed", "code", code.name()));
        }
        String reportId = ReportIds.next();
        long now = Instant.now().getEpochSecond();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("PatientID", AttributeValue.fromS(submission.patientId()));
        item.put("ReportID", AttributeValue.fromS(reportId));
        item.put("ProcessingStatus", AttributeValue.fromS("SUCCESS"));
        item.put("OriginalText", AttributeValue.fromS(submission.text()));
        item.put("Summary", AttributeValue.fromS(summary.text()));
        item.put("SummarySource", AttributeValue.fromS("model"));
        item.put("SourceSystem", AttributeValue.fromS(submission.sourceSystem()));
        item.put("CreatedAt", AttributeValue.fromN(Long.toString(now)));
        item.put("UpdatedAt", AttributeValue.fromN(Long.toString(now)));
        item.put("ModelId", AttributeValue.fromS(summary.modelId()));
        item.put("InputTokens", AttributeValue.fromN(Integer.toString(summary.inputTokens())));
        item.put("OutputTokens", AttributeValue.fromN(Integer.toString(summary.outputTokens())));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item));
        } catch (SdkException e) {
            return answer(500, Map.of("message", "could not store the report"));
        }
        return answer(
                200,
                Map.of(
                        "patientId",
                        submission.patientId(),
                        "reportId",
                        reportId,
                        "status",
                        "SUCCESS",
                        "summary",
                        summary.text()));
    }

    private static APIGatewayProxyResponseEvent answer(int status, Map<String, ?> body) {
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(status)
                .withHeaders(Map.of("Content-Type", "application/json"))
                .withBody(Json.write(body));
    }
}
