package io.medsum.notifier;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.medsum.common.config.Settings;
import io.medsum.common.http.ApiResponses;
import io.medsum.common.http.ProblemType;

/** Lambda entry point of POST/GET /webhooks and DELETE /webhooks/{webhookId}. (Being built: issue 12.) */
public final class WebhooksHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    public WebhooksHandler() {
        this(Settings.fromSystemEnvironment());
    }

    public WebhooksHandler(Settings settings) {
        // Wiring lands with the webhooks API.
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return ApiResponses.problem(ProblemType.NOT_FOUND, "Webhooks are not served yet");
    }
}
