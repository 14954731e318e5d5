package io.medsum.status;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.medsum.common.config.Settings;
import io.medsum.common.http.ApiHandling;
import io.medsum.common.http.CorsPolicy;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Lambda entry point for GET report, GET a patient's reports, GET / and GET /health. A CRaC {@link Resource}, so
 * SnapStart runs {@link StatusPriming} before it takes the snapshot.
 */
public final class StatusHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>, Resource {
    private final StatusApi api;
    private final StatusPriming priming;
    private final CorsPolicy cors;

    public StatusHandler() {
        this(Settings.fromSystemEnvironment());
    }

    /** The local stack and tests build handlers from their own environment map. */
    public StatusHandler(Settings settings) {
        StatusWiring wiring = new StatusWiring(settings);
        ModelHealth model = wiring.modelHealth();
        this.api = wiring.api(model, version());
        this.cors = CorsPolicy.of(wiring.corsAllowedOrigins());
        this.priming = new StatusPriming(api, model, wiring.clients);
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
        return PowertoolsLogging.withLogging(context, () -> ApiHandling.respond(event, cors, api::handle));
    }

    private static String version() {
        String version = StatusHandler.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
