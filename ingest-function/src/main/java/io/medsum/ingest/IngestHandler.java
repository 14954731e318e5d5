package io.medsum.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.medsum.common.config.EnvNames;
import io.medsum.common.config.Settings;
import io.medsum.common.http.ApiHandling;
import io.medsum.common.http.CorsPolicy;
import io.medsum.common.observability.PowertoolsPipelineMetrics;
import io.medsum.common.ports.PipelineMetrics;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Lambda entry point for POST /summarize and POST /reports/batch. A CRaC {@link Resource}, so SnapStart runs
 * {@link IngestPriming} before it takes the snapshot.
 */
public final class IngestHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>, Resource {

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
            try {
                return ApiHandling.respond(event, cors, api::handle);
            } finally {
                metrics.flush();
            }
        });
    }
}
