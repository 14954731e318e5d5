package io.medsum.common.priming;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportStatus;
import io.medsum.common.json.Json;
import io.medsum.common.notify.Notification;
import io.medsum.common.notify.NotificationType;
import java.time.Instant;
import java.util.Map;

/**
 * Synthetic inputs for SnapStart priming, shaped like what API Gateway and the event source mapping send. None of them
 * names a real patient or report.
 */
public final class SampleRequests {
    /** A key no record can have: patient ids never contain '#', so it can only ever be looked up, not found. */
    public static final ReportKey ABSENT_REPORT = new ReportKey("PRIMING#", "REPORT-00000000000000000000000000");

    /** The tenant priming's sample records belong to: no caller can have it (real tenant ids have a prefix). */
    public static final String TENANT = "priming";

    /** A notification of the absent report, for the publishers' dry runs. */
    public static final Notification NOTIFICATION = new Notification(
            "msg_PRIMING",
            NotificationType.SUCCEEDED,
            Instant.EPOCH,
            TENANT,
            ABSENT_REPORT,
            ReportStatus.SUCCESS,
            null);

    /** The API base URL priming names in a sample's statusUrl. */
    public static final String API_URL = "https://priming.invalid/v1";

    /** A clinical-looking text of typical length, made up for priming. */
    public static final String REPORT_TEXT = "HISTORY: Patient reports two days of cough and low-grade fever. "
            + "EXAM: Clear breath sounds, temperature 37.9 C. ASSESSMENT: Viral upper respiratory infection. "
            + "PLAN: Fluids, paracetamol 1 g up to four times daily, review if symptoms persist beyond a week.";

    private SampleRequests() {}

    /** Parses JSON the priming code wrote itself, so it cannot be invalid. */
    public static JsonNode json(String text) {
        try {
            return Json.parse(text);
        } catch (Json.InvalidJsonException e) {
            throw new IllegalStateException("Priming sample is not JSON", e);
        }
    }

    /** A proxy event for {@code method resource} with the given path parameters and body. */
    public static APIGatewayProxyRequestEvent apiRequest(
            String method, String resource, String path, Map<String, String> pathParameters, String body) {
        var identity = new APIGatewayProxyRequestEvent.RequestIdentity().withSourceIp("127.0.0.1");
        var context = new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withRequestId("snapstart-priming")
                .withStage("v1")
                .withPath("/v1" + path)
                .withResourcePath(resource)
                .withHttpMethod(method)
                .withIdentity(identity);
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod(method)
                .withResource(resource)
                .withPath(path)
                .withPathParameters(pathParameters)
                .withHeaders(
                        body == null
                                ? Map.of("Host", "priming.invalid")
                                : Map.of("Host", "priming.invalid", "Content-Type", "application/json"))
                .withBody(body)
                .withRequestContext(context);
    }
}
