package io.medsum.common.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.medsum.common.observability.LogFields;
import io.medsum.common.observability.SafeErrors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one policy every API handler follows around its logic: log lines carry the API Gateway request id as correlation
 * id, CORS headers are applied, and what escapes the logic becomes a problem without a word of the input: an AWS
 * dependency that failed is 503 (retry later), anything else is 500.
 */
public final class ApiHandling {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandling.class);

    private ApiHandling() {}

    public static APIGatewayProxyResponseEvent respond(
            APIGatewayProxyRequestEvent event,
            CorsPolicy cors,
            Function<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> api) {
        String requestId = event.getRequestContext() == null
                ? null
                : event.getRequestContext().getRequestId();
        if (requestId != null) {
            MDC.put(LogFields.CORRELATION_ID, requestId);
        }
        try {
            return cors.apply(event, api.apply(event));
        } catch (SdkException e) {
            LOG.error("A dependency failed: {}", SafeErrors.describe(e));
            return cors.apply(
                    event,
                    ApiResponses.problem(ProblemType.UNAVAILABLE, "A dependency is unavailable; retry the request"));
        } catch (RuntimeException e) {
            LOG.error("Unhandled error: {}", SafeErrors.describe(e));
            return cors.apply(
                    event,
                    ApiResponses.problem(ProblemType.INTERNAL, "An unexpected error occurred; retry the request"));
        } finally {
            MDC.remove(LogFields.CORRELATION_ID);
        }
    }
}
