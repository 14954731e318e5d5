package io.medsum.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

/** A request the HTTP layer refuses before any function sees it; the connection is closed after the answer. */
final class HttpRefusal extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient APIGatewayProxyResponseEvent answer;

    HttpRefusal(APIGatewayProxyResponseEvent answer) {
        super(null, null, false, false);
        this.answer = answer;
    }

    APIGatewayProxyResponseEvent answer() {
        return answer;
    }
}
