package io.medsum.local.bedrock;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Optional;

/**
 * The Bedrock control-plane reads that watch a model's lifecycle, on the runtime's port: point the SDK's
 * {@code BedrockClient} at the same base URL ({@code AWS_ENDPOINT_URL_BEDROCK}). The lifecycle switch applies; the
 * other fault switches are the model's and leave these reads alone.
 *
 * <p>An inference profile id given to GetFoundationModel is not a foundation model: 404, like an unknown id. A profile
 * stays readable when its model reaches end of life, so a caller can follow it to the model and learn why calls fail.
 */
final class ControlPlaneHandler implements HttpHandler {
    static final String PROFILE_NOT_FOUND = "The specified inference profile could not be found.";
    private static final String DEFAULT_REGION = "us-east-1";

    private final ModelCatalog catalog;
    private final ModelFaults faults;
    private final CallCounters counters;

    ControlPlaneHandler(ModelCatalog catalog, ModelFaults faults, CallCounters counters) {
        this.catalog = catalog;
        this.faults = faults;
        this.counters = counters;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            Optional<ControlPlaneRoute> route = ControlPlaneRoute.of(
                    exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
            String region = regionOf(exchange.getRequestHeaders().getFirst("Authorization"));
            HttpReply reply;
            try {
                reply = route.isPresent() ? serve(route.get(), region) : HttpReply.unknownOperation();
            } catch (RuntimeException e) {
                reply = HttpReply.error(BedrockError.INTERNAL_SERVER);
            }
            reply.writeTo(exchange);
        }
    }

    private HttpReply serve(ControlPlaneRoute route, String region) {
        counters.recordControlPlaneCall(route.operation());
        return switch (route.operation()) {
            case GET_FOUNDATION_MODEL ->
                catalog.foundationModel(route.identifier())
                        .map(faults::asSeenNow)
                        .map(model -> model.lifecycle() == ModelLifecycle.END_OF_LIFE
                                ? HttpReply.error(BedrockError.MODEL_NOT_FOUND, BedrockError.END_OF_LIFE_MESSAGE)
                                : HttpReply.ok(ControlPlaneResponses.foundationModel(model, region)))
                        .orElseGet(() -> HttpReply.error(BedrockError.MODEL_NOT_FOUND));
            case GET_INFERENCE_PROFILE ->
                catalog.inferenceProfile(route.identifier())
                        .map(profile -> HttpReply.ok(ControlPlaneResponses.inferenceProfile(profile, region)))
                        .orElseGet(() -> HttpReply.error(BedrockError.MODEL_NOT_FOUND, PROFILE_NOT_FOUND));
        };
    }

    /**
     * The region the caller signed for ({@code Credential=<key>/<date>/<region>/bedrock/aws4_request}): ARNs name it.
     */
    static String regionOf(String authorization) {
        if (authorization == null) {
            return DEFAULT_REGION;
        }
        int credential = authorization.indexOf("Credential=");
        if (credential < 0) {
            return DEFAULT_REGION;
        }
        String[] scope =
                authorization.substring(credential + "Credential=".length()).split("[/,]");
        return scope.length > 2 && !scope[2].isBlank() ? scope[2] : DEFAULT_REGION;
    }
}
