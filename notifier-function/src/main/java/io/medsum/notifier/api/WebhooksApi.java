package io.medsum.notifier.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.common.audit.AuditAction;
import io.medsum.common.audit.AuditEntry;
import io.medsum.common.audit.AuditTrail;
import io.medsum.common.http.ApiRequest;
import io.medsum.common.http.ApiResponses;
import io.medsum.common.http.Problem;
import io.medsum.common.http.ProblemType;
import io.medsum.common.json.Json;
import io.medsum.common.observability.SafeErrors;
import io.medsum.common.validation.FieldError;
import io.medsum.notifier.webhook.DestinationPolicy;
import io.medsum.notifier.webhook.Webhook;
import io.medsum.notifier.webhook.WebhookSecret;
import io.medsum.notifier.webhook.WebhookSecrets;
import io.medsum.notifier.webhook.WebhookStore;
import java.nio.charset.CharacterCodingException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POST /webhooks, GET /webhooks and DELETE /webhooks/{webhookId}, each within the caller's tenant: a caller never sees,
 * nor learns of, another tenant's webhooks (another tenant's id answers exactly as a missing one).
 *
 * <p>Every 4xx about the request itself (media type, size, JSON, fields, the URL's destination) is decided before
 * anything is read or written. Registrations, listings and deletions are recorded in the audit trail <em>before</em>
 * they take effect: with the trail down the answer is 503 and nothing was written. A write that then fails is recorded
 * again with its outcome (the first entry said what was about to happen), as far as the trail allows.
 *
 * <p>A registration stores the registration, then its signing secret; if the secret cannot be stored the registration
 * is removed and the answer is 503, so there is never a webhook without a secret, nor a secret shown that is not
 * stored. A deletion removes the registration (deliveries stop at once), then the secret.
 */
public final class WebhooksApi {
    public static final String COLLECTION = "/webhooks";
    public static final String ITEM = "/webhooks/{webhookId}";
    /** A URL of at most 2,048 characters and four types fit many times over. */
    public static final int MAX_BODY_BYTES = 16_384;
    /** Webhooks one caller may have; enough for a receiver per environment and type, few enough to fan out fast. */
    public static final int DEFAULT_MAX_PER_TENANT = 10;

    private static final Logger LOG = LoggerFactory.getLogger(WebhooksApi.class);

    private final WebhookStore store;
    private final WebhookSecrets secrets;
    private final DestinationPolicy policy;
    private final AuditTrail audit;
    private final Clock clock;
    private final int maxPerTenant;

    public WebhooksApi(
            WebhookStore store,
            WebhookSecrets secrets,
            DestinationPolicy policy,
            AuditTrail audit,
            Clock clock,
            int maxPerTenant) {
        this.store = store;
        this.secrets = secrets;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
        this.maxPerTenant = maxPerTenant;
    }

    public APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event) {
        ApiRequest request = new ApiRequest(event);
        String route = request.route();
        String method = request.method();
        if (COLLECTION.equals(route)) {
            return switch (method) {
                case "POST" -> create(request);
                case "GET" -> list(request);
                default -> ApiResponses.problem(ProblemType.METHOD_NOT_ALLOWED, "Use GET or POST");
            };
        }
        if (ITEM.equals(route)) {
            return method.equals("DELETE")
                    ? delete(request)
                    : ApiResponses.problem(ProblemType.METHOD_NOT_ALLOWED, "Use DELETE");
        }
        return ApiResponses.problem(ProblemType.NOT_FOUND, "No such resource");
    }

    // ------------------------------------------------------------------ POST /webhooks

    private APIGatewayProxyResponseEvent create(ApiRequest request) {
        if (!request.hasJsonBody()) {
            return ApiResponses.problem(
                    ProblemType.UNSUPPORTED_MEDIA_TYPE, "Send the webhook as Content-Type: application/json");
        }
        if (request.bodyBytes() > MAX_BODY_BYTES) {
            return ApiResponses.problem(
                    ProblemType.PAYLOAD_TOO_LARGE, "The request body exceeds " + MAX_BODY_BYTES + " bytes");
        }
        JsonNode body;
        try {
            body = Json.parse(request.body());
        } catch (CharacterCodingException e) {
            return ApiResponses.problem(ProblemType.MALFORMED_JSON, "The request body is not valid UTF-8");
        } catch (Json.InvalidJsonException e) {
            return ApiResponses.problem(ProblemType.MALFORMED_JSON, e.getMessage());
        }
        WebhookRegistration.Parsed parsed = WebhookRegistration.parse(body, policy);
        if (!parsed.errors().isEmpty()) {
            return ApiResponses.problem(
                    Problem.validation(ProblemType.VALIDATION, "The webhook is invalid", parsed.errors()));
        }
        String tenant = request.tenant();
        if (store.list(tenant).size() >= maxPerTenant) {
            return recorded(
                    request,
                    AuditAction.WEBHOOK_CREATE,
                    List.of(),
                    ApiResponses.problem(
                            ProblemType.WEBHOOK_LIMIT,
                            "A caller may have at most " + maxPerTenant + " webhooks; delete one first"));
        }
        WebhookRegistration registration = parsed.registration();
        Webhook webhook = new Webhook(
                WebhookIds.next(),
                tenant,
                registration.url(),
                registration.events(),
                clock.instant().getEpochSecond());
        WebhookSecret secret = WebhookSecret.generate();
        List<String> named = List.of(webhook.id());
        var created = ApiResponses.json(201, WebhookViews.created(webhook, secret));
        Optional<APIGatewayProxyResponseEvent> unrecorded =
                recordBefore(request, AuditAction.WEBHOOK_CREATE, named, created.getStatusCode());
        if (unrecorded.isPresent()) {
            return unrecorded.get();
        }
        try {
            store.save(webhook);
            secrets.create(webhook, secret);
        } catch (RuntimeException e) {
            LOG.error("Webhook {} not registered: {}", webhook.id(), SafeErrors.describe(e));
            undo(webhook);
            return failed(
                    request,
                    AuditAction.WEBHOOK_CREATE,
                    named,
                    "The webhook could not be registered and nothing was kept; retry the request");
        }
        LOG.info("Registered webhook {}", webhook.id());
        return created;
    }

    /**
     * Removes what a failed registration may have written, both parts, whichever failed (a timeout may have stored).
     */
    private void undo(Webhook webhook) {
        try {
            store.delete(webhook.tenant(), webhook.id());
        } catch (RuntimeException e) {
            LOG.error(
                    "Webhook {}: its registration could not be removed after a failed registration "
                            + "(it has no secret shown to anyone; delete it): {}",
                    webhook.id(),
                    SafeErrors.describe(e));
        }
        try {
            secrets.delete(webhook);
        } catch (RuntimeException e) {
            LOG.error(
                    "Webhook {}: its secret could not be removed after a failed registration (unused; delete it): {}",
                    webhook.id(),
                    SafeErrors.describe(e));
        }
    }

    // ------------------------------------------------------------------ GET /webhooks

    private APIGatewayProxyResponseEvent list(ApiRequest request) {
        List<Webhook> webhooks = store.list(request.tenant());
        return recorded(
                request,
                AuditAction.WEBHOOK_LIST,
                webhooks.stream().map(Webhook::id).toList(),
                ApiResponses.json(200, WebhookViews.list(webhooks)));
    }

    // ------------------------------------------------------------------ DELETE /webhooks/{webhookId}

    private APIGatewayProxyResponseEvent delete(ApiRequest request) {
        String webhookId = request.pathParameter("webhookId").orElse("");
        if (!WebhookIds.isValid(webhookId)) {
            return ApiResponses.problem(Problem.validation(
                    ProblemType.VALIDATION,
                    "The webhook reference is invalid",
                    List.of(new FieldError("webhookId", "must be a webhook id as returned by POST /webhooks"))));
        }
        List<String> named = List.of(webhookId);
        // Another tenant's webhook is not addressable: the store answers it exactly as a missing one.
        Optional<Webhook> webhook = store.find(request.tenant(), webhookId);
        if (webhook.isEmpty()) {
            return recorded(
                    request,
                    AuditAction.WEBHOOK_DELETE,
                    named,
                    ApiResponses.problem(ProblemType.NOT_FOUND, "No webhook with this id"));
        }
        APIGatewayProxyResponseEvent deleted = noContent();
        Optional<APIGatewayProxyResponseEvent> unrecorded =
                recordBefore(request, AuditAction.WEBHOOK_DELETE, named, deleted.getStatusCode());
        if (unrecorded.isPresent()) {
            return unrecorded.get();
        }
        try {
            store.delete(request.tenant(), webhookId);
        } catch (RuntimeException e) {
            LOG.error("Webhook {} not removed: {}", webhookId, SafeErrors.describe(e));
            return failed(
                    request, AuditAction.WEBHOOK_DELETE, named, "The webhook could not be removed; retry the request");
        }
        try {
            secrets.delete(webhook.get());
        } catch (RuntimeException e) {
            // The registration is gone, so nothing delivers or signs for it; a retry would find no webhook to delete.
            LOG.error(
                    "Webhook {} removed, but its signing secret could not be deleted (unused; delete it): {}",
                    webhookId,
                    SafeErrors.describe(e));
        }
        LOG.info("Removed webhook {}", webhookId);
        return deleted;
    }

    private static APIGatewayProxyResponseEvent noContent() {
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(204)
                .withHeaders(Map.of("Cache-Control", "no-store", "X-Content-Type-Options", "nosniff"));
    }

    // ------------------------------------------------------------------ the audit trail

    /** Records an access that has happened (a read, or a refusal after one), then answers; 503 if it cannot. */
    private APIGatewayProxyResponseEvent recorded(
            ApiRequest request, AuditAction action, List<String> named, APIGatewayProxyResponseEvent response) {
        return recordBefore(request, action, named, response.getStatusCode()).orElse(response);
    }

    /** Records what is about to happen; the 503 to answer instead when the trail cannot take it. */
    private Optional<APIGatewayProxyResponseEvent> recordBefore(
            ApiRequest request, AuditAction action, List<String> named, int status) {
        try {
            audit.record(entry(request, action, named, status));
            return Optional.empty();
        } catch (AuditTrail.AuditUnavailableException e) {
            LOG.error("Webhook request refused: the audit trail is unavailable: {}", e.getMessage());
            return Optional.of(ApiResponses.problem(
                    ProblemType.AUDIT_UNAVAILABLE,
                    "Nothing was done or shown: the access could not be recorded; retry later"));
        }
    }

    /** The 503 of a write that failed after its entry was recorded, recorded too if the trail takes it. */
    private APIGatewayProxyResponseEvent failed(
            ApiRequest request, AuditAction action, List<String> named, String detail) {
        APIGatewayProxyResponseEvent response = ApiResponses.problem(ProblemType.UNAVAILABLE, detail);
        try {
            audit.record(entry(request, action, named, response.getStatusCode()));
        } catch (AuditTrail.AuditUnavailableException e) {
            LOG.error("The failure of a recorded webhook request could not be recorded: {}", e.getMessage());
        }
        return response;
    }

    private AuditEntry entry(ApiRequest request, AuditAction action, List<String> named, int status) {
        String outcome = status < 300 ? "ok" : status == 404 ? "not-found" : status == 409 ? "conflict" : "error";
        return new AuditEntry(
                clock.instant(),
                action,
                request.tenant(),
                request.principal(),
                outcome,
                status,
                false,
                List.of(),
                request.requestId(),
                named);
    }
}
