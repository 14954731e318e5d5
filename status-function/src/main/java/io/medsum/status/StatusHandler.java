package io.medsum.status;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.medsum.common.aws.AwsClientFactory;
import io.medsum.common.aws.DynamoReportStore;
import io.medsum.common.aws.SqsWorkQueue;
import io.medsum.common.config.EnvNames;
import io.medsum.common.config.Settings;
import io.medsum.common.http.ApiResponses;
import io.medsum.common.http.CorsPolicy;
import io.medsum.common.http.ProblemType;
import io.medsum.common.observability.SafeErrors;
import io.medsum.common.model.ModelIds;
import java.time.Clock;
import java.time.Duration;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Lambda entry point for GET report, GET a patient's reports, GET / and GET /health. A CRaC
 * {@link Resource}, so SnapStart runs {@link StatusPriming} before it takes the snapshot.
 */
public final class StatusHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>, Resource {
    private static final Logger LOG = LoggerFactory.getLogger(StatusHandler.class);
    private final StatusApi api;
    private final StatusPriming priming;
    private final CorsPolicy cors;

    public StatusHandler() {
        this(Settings.fromSystemEnvironment());
    }

    /** The local stack and tests build handlers from their own environment map. */
    public StatusHandler(Settings settings) {
        AwsClientFactory clients = new AwsClientFactory(settings);
        DynamoDbClient dynamo = clients.build(DynamoDbClient.builder(), "DYNAMODB", Duration.ofSeconds(5));
        SqsClient sqs = clients.build(SqsClient.builder(), "SQS", Duration.ofSeconds(5));
        BedrockClient bedrock = clients.build(BedrockClient.builder(), "BEDROCK", Duration.ofSeconds(5));
        ModelHealth model = new ModelHealth(settings.string(EnvNames.MODEL_ID, ModelIds.DEFAULT),
                new BedrockModelLifecycleReader(bedrock), Clock.systemUTC());
        this.api = new StatusApi(
                new DynamoReportStore(dynamo, settings.required(EnvNames.TABLE_NAME)),
                new SqsWorkQueue(sqs, settings.required(EnvNames.QUEUE_URL), ""),
                model,
                version());
        this.cors = CorsPolicy.of(settings.string(EnvNames.CORS_ALLOWED_ORIGINS, ""));
        this.priming = new StatusPriming(api, model, clients);
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        priming.run();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to renew: clients resolve credentials per request and reconnect on their own.
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            try {
                return cors.apply(event, api.handle(event));
            } catch (RuntimeException e) {
                LOG.error("Unhandled error in status: {}", SafeErrors.describe(e));
                return cors.apply(event, ApiResponses.problem(ProblemType.UNAVAILABLE, "The report store is unavailable; retry the request"));
            }
        });
    }

    private static String version() {
        String version = StatusHandler.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
