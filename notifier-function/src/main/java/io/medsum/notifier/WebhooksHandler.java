package io.medsum.notifier;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.medsum.common.config.Settings;
import io.medsum.common.http.ApiHandling;
import io.medsum.common.http.CorsPolicy;
import io.medsum.notifier.api.WebhooksApi;
import io.medsum.notifier.api.WebhooksPriming;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Lambda entry point of POST/GET /webhooks and DELETE /webhooks/{webhookId}. A CRaC {@link Resource}, so SnapStart runs
 * {@link WebhooksPriming} before it takes the snapshot.
 */
public final class WebhooksHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>, Resource {
    private final WebhooksApi api;
    private final CorsPolicy cors;
    private final WebhooksPriming priming;

    public WebhooksHandler() {
        this(Settings.fromSystemEnvironment());
    }

    /** The local stack and tests build handlers from their own environment map. */
    public WebhooksHandler(Settings settings) {
        WebhooksWiring wiring = new WebhooksWiring(settings);
        this.api = wiring.api;
        this.cors = CorsPolicy.of(wiring.corsAllowedOrigins());
        this.priming = new WebhooksPriming(api, wiring.store, wiring.secrets, wiring.clients);
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
}
