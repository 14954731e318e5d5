package io.medsum.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.medsum.common.config.EnvNames;
import io.medsum.common.config.Settings;
import io.medsum.common.http.ApiResponses;
import io.medsum.common.http.CorsPolicy;
import io.medsum.common.http.ProblemType;
import io.medsum.common.observability.LogFields;
import io.medsum.common.observability.PowertoolsPipelineMetrics;
import io.medsum.common.observability.SafeErrors;
import io.medsum.common.ports.PipelineMetrics;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Lambda entry point for POST /summarize and POST /reports/batch. A CRaC {@link Resource}, so SnapStart
 * runs {@link IngestPriming} before it takes the snapshot.
 */
public final class IngestHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>, Resource {
    private static final Logger LOG = LoggerFactory.getLogger(IngestHandler.class);

    private final IngestApi api;
    private final PipelineMetrics metrics;
    private final IngestPriming priming;
    private final CorsPolicy cors;

    public IngestHandler() {
        this(Settings.fromSystemEnvironment());
    }

    /** The local stack and tests build handlers from their own environment map. */
    public IngestHandler(Settings settings) {
        this(new PowertoolsPipelineMetrics(), new IngestWiring(settings));
    }

    private IngestHandler(PipelineMetrics metrics, IngestWiring wiring) {
        this.cors = CorsPolicy.of(wiring.settings.string(EnvNames.CORS_ALLOWED_ORIGINS, ""));
        this.metrics = metrics;
        this.api = wiring.api(metrics);
        this.priming = new IngestPriming(wiring);
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
            if (event.getRequestContext() != null && event.getRequestContext().getRequestId() != null) {
                MDC.put(LogFields.CORRELATION_ID, event.getRequestContext().getRequestId());
            }
            try {
                return cors.apply(event, api.handle(event));
            } catch (RuntimeException e) {
                LOG.error("Unhandled error in ingest: {}", SafeErrors.describe(e));
                return cors.apply(event, ApiResponses.problem(ProblemType.INTERNAL, "An unexpected error occurred; retry the request"));
            } finally {
                metrics.flush();
                MDC.remove(LogFields.CORRELATION_ID);
            }
        });
    }
}
