package io.medsum.status;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medsum.common.audit.AuditAction;
import io.medsum.common.audit.AuditEntry;
import io.medsum.common.audit.AuditTrail;
import io.medsum.common.domain.PatientIds;
import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportIds;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.Review;
import io.medsum.common.http.ApiRequest;
import io.medsum.common.http.ApiResponses;
import io.medsum.common.http.Problem;
import io.medsum.common.http.ProblemType;
import io.medsum.common.http.StatusLinks;
import io.medsum.common.json.Json;
import io.medsum.common.notify.NotificationIds;
import io.medsum.common.notify.NotificationOutbox;
import io.medsum.common.ports.ReportStore;
import io.medsum.common.ports.WorkQueue;
import io.medsum.common.validation.FieldError;
import java.nio.charset.CharacterCodingException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The read side: one report, a patient's reports newest first, and health. */
final class StatusApi {
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;
    static final String REVIEW_ROUTE = "/reports/{patientId}/{reportId}/review";
    /** A decision and a comment of at most 2,000 characters fit with room to spare. */
    static final int MAX_REVIEW_BODY_BYTES = 16_384;

    private static final Pattern LIMIT = Pattern.compile("[1-9][0-9]{0,8}");

    private static final Logger LOG = LoggerFactory.getLogger(StatusApi.class);

    private final ReportStore reports;
    private final WorkQueue queue;
    private final ModelHealth model;
    private final TenantAccess access;
    private final CursorCodec cursors;
    private final AuditTrail audit;
    private final Clock clock;
    private final NotificationOutbox outbox;
    private final String version;

    StatusApi(
            ReportStore reports,
            WorkQueue queue,
            ModelHealth model,
            TenantAccess access,
            CursorCodec cursors,
            AuditTrail audit,
            Clock clock,
            String version,
            NotificationOutbox outbox) {
        this.outbox = outbox;
        this.reports = reports;
        this.queue = queue;
        this.model = model;
        this.access = access;
        this.cursors = cursors;
        this.audit = audit;
        this.clock = clock;
        this.version = version;
    }

    /** An answer, and the access to patient data it stands for, if any: recorded before the answer leaves. */
    private record Answer(APIGatewayProxyResponseEvent response, AuditEntry access) {
        static Answer withoutAccess(APIGatewayProxyResponseEvent response) {
            return new Answer(response, null);
        }
    }

    public APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event) {
        ApiRequest request = new ApiRequest(event);
        String route = request.route();
        String method = switch (route) {
            case "/", "/health", "/reports/{patientId}/{reportId}", "/patients/{patientId}/reports" -> "GET";
            case REVIEW_ROUTE -> "POST";
            default -> null;
        };
        if (method == null) {
            return ApiResponses.problem(ProblemType.NOT_FOUND, "No such resource");
        }
        if (!request.method().equals(method)) {
            return ApiResponses.problem(ProblemType.METHOD_NOT_ALLOWED, "Use " + method);
        }
        Answer answer = switch (route) {
            case "/" -> Answer.withoutAccess(ApiResponses.json(200, Map.of("status", "ok", "version", version)));
            case "/health" -> Answer.withoutAccess(health());
            case "/reports/{patientId}/{reportId}" -> report(request);
            case REVIEW_ROUTE -> review(request);
            default -> list(request);
        };
        if (answer.access() == null) {
            return answer.response();
        }
        try {
            audit.record(answer.access());
        } catch (AuditTrail.AuditUnavailableException e) {
            LOG.error("Access refused: the audit trail is unavailable: {}", e.getMessage());
            return ApiResponses.problem(
                    ProblemType.AUDIT_UNAVAILABLE, "Nothing is shown until the access can be recorded; retry later");
        }
        return answer.response();
    }

    private AuditEntry accessed(
            ApiRequest request,
            AuditAction action,
            APIGatewayProxyResponseEvent response,
            boolean crossTenant,
            List<AuditEntry.Subject> subjects) {
        int status = response.getStatusCode();
        String outcome = status < 300 ? "ok" : status == 404 ? "not-found" : status == 409 ? "conflict" : "error";
        return new AuditEntry(
                clock.instant(),
                action,
                request.tenant(),
                request.principal(),
                outcome,
                status,
                crossTenant,
                subjects,
                request.requestId());
    }

    /**
     * A reviewer's decision on a NEEDS_REVIEW report, recorded with who made it. Repeating the decision already taken
     * answers it again; anything else that is not awaiting review is a 409. Nothing is written on a 4xx.
     */
    private Answer review(ApiRequest request) {
        List<FieldError> errors = keyErrors(request);
        if (!request.hasJsonBody()) {
            return Answer.withoutAccess(ApiResponses.problem(
                    ProblemType.UNSUPPORTED_MEDIA_TYPE, "Send the decision as Content-Type: application/json"));
        }
        if (request.bodyBytes() > MAX_REVIEW_BODY_BYTES) {
            return Answer.withoutAccess(ApiResponses.problem(
                    ProblemType.PAYLOAD_TOO_LARGE, "The review body exceeds " + MAX_REVIEW_BODY_BYTES + " bytes"));
        }
        JsonNode body;
        try {
            body = Json.parse(request.body());
        } catch (CharacterCodingException e) {
            return Answer.withoutAccess(
                    ApiResponses.problem(ProblemType.MALFORMED_JSON, "The request body is not valid UTF-8"));
        } catch (Json.InvalidJsonException e) {
            return Answer.withoutAccess(ApiResponses.problem(ProblemType.MALFORMED_JSON, e.getMessage()));
        }
        ReviewRequest.Parsed parsed = ReviewRequest.parse(body);
        errors.addAll(parsed.errors());
        if (!errors.isEmpty()) {
            return Answer.withoutAccess(ApiResponses.problem(
                    Problem.validation(ProblemType.VALIDATION, "The review request is invalid", errors)));
        }
        ReportKey key = new ReportKey(
                request.pathParameter("patientId").orElseThrow(),
                request.pathParameter("reportId").orElseThrow());
        ReviewRequest decision = parsed.request();
        APIGatewayProxyResponseEvent response = decide(request, key, decision);
        return new Answer(
                response,
                accessed(
                        request,
                        AuditAction.REPORT_REVIEW,
                        response,
                        false,
                        List.of(new AuditEntry.Subject(key.patientId(), key.reportId()))));
    }

    private APIGatewayProxyResponseEvent decide(ApiRequest request, ReportKey key, ReviewRequest decision) {
        var outcome = reports.review(
                key,
                request.tenant(),
                decision.decision(),
                request.principal(),
                decision.comment(),
                clock.instant().getEpochSecond(),
                NotificationIds.next());
        // The decision's notification; if the bus refuses, the reconciler publishes it (so does a repeated decision).
        if (outcome instanceof ReportStore.ReviewOutcome.Decided decided) {
            outbox.withApiUrl(request.baseUrl()).deliverPending(decided.report());
            return ApiResponses.json(200, ReportViews.of(decided.report()));
        }
        if (outcome instanceof ReportStore.ReviewOutcome.AlreadyDecided same) {
            outbox.withApiUrl(request.baseUrl()).deliverPending(same.report());
            return ApiResponses.json(200, ReportViews.of(same.report()));
        }
        if (outcome instanceof ReportStore.ReviewOutcome.NotAwaitingReview other) {
            Review review = other.report().review();
            String after = review != null && review.isDecided()
                    ? " after a " + review.decision().wireName() + " decision"
                    : "";
            return ApiResponses.problem(
                    ProblemType.NOT_AWAITING_REVIEW,
                    "The report is " + other.report().status() + after
                            + "; only a NEEDS_REVIEW report takes a decision");
        }
        return ApiResponses.problem(ProblemType.NOT_FOUND, "No report with this id for this patient");
    }

    private static List<FieldError> keyErrors(ApiRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (!PatientIds.isValid(request.pathParameter("patientId").orElse(""))) {
            errors.add(new FieldError("patientId", "must be 1-64 characters of A-Z, a-z, 0-9, '.', '_' or '-'"));
        }
        if (!ReportIds.isValid(request.pathParameter("reportId").orElse(""))) {
            errors.add(new FieldError("reportId", "must be a report id as returned by POST /summarize"));
        }
        return errors;
    }

    private Answer report(ApiRequest request) {
        String patientId = request.pathParameter("patientId").orElse("");
        String reportId = request.pathParameter("reportId").orElse("");
        List<FieldError> errors = keyErrors(request);
        if (!errors.isEmpty()) {
            return Answer.withoutAccess(ApiResponses.problem(
                    Problem.validation(ProblemType.VALIDATION, "The report reference is invalid", errors)));
        }
        String tenant = request.tenant();
        // Another tenant's report answers exactly as a missing one: its existence is not the caller's to know.
        Optional<Report> report =
                reports.find(new ReportKey(patientId, reportId)).filter(found -> access.canRead(tenant, found));
        List<AuditEntry.Subject> subjects = List.of(new AuditEntry.Subject(patientId, reportId));
        if (report.isEmpty()) {
            var notFound = ApiResponses.problem(ProblemType.NOT_FOUND, "No report with this id for this patient");
            return new Answer(notFound, accessed(request, AuditAction.REPORT_READ, notFound, false, subjects));
        }
        Map<String, String> headers = report.get().status().isTerminal()
                ? Map.of()
                : Map.of("Retry-After", Integer.toString(StatusLinks.RETRY_AFTER_SECONDS));
        var found = ApiResponses.json(200, ReportViews.of(report.get()), headers);
        boolean crossTenant = !tenant.equals(report.get().tenant());
        return new Answer(found, accessed(request, AuditAction.REPORT_READ, found, crossTenant, subjects));
    }

    private Answer list(ApiRequest request) {
        String patientId = request.pathParameter("patientId").orElse("");
        List<FieldError> errors = new ArrayList<>();
        if (!PatientIds.isValid(patientId)) {
            errors.add(new FieldError("patientId", "must be 1-64 characters of A-Z, a-z, 0-9, '.', '_' or '-'"));
        }
        int limit = DEFAULT_LIMIT;
        Optional<String> limitParam = request.queryParameter("limit");
        if (limitParam.isPresent()) {
            // An integer as JSON and openapi.yaml write one: ASCII digits, no leading zero. Integer.parseInt would also
            // take "+5", "05" and non-ASCII (Arabic-Indic, fullwidth) digits.
            limit = LIMIT.matcher(limitParam.get()).matches() ? Integer.parseInt(limitParam.get()) : -1;
            if (limit < 1 || limit > MAX_LIMIT) {
                errors.add(new FieldError("limit", "must be an integer from 1 to " + MAX_LIMIT));
            }
        }
        String tenant = request.tenant();
        String startAfter = null;
        Optional<String> cursor = request.queryParameter("cursor");
        if (cursor.isPresent()) {
            Optional<String> decoded = cursors.decode(tenant, patientId, cursor.get());
            if (decoded.isEmpty()) {
                errors.add(new FieldError(
                        "cursor", "is not a cursor this API returned for this listing, or it expired: list again"));
            } else {
                startAfter = decoded.get();
            }
        }
        if (!errors.isEmpty()) {
            return Answer.withoutAccess(ApiResponses.problem(
                    Problem.validation(ProblemType.VALIDATION, "The listing request is invalid", errors)));
        }
        ReportStore.Page page = reports.list(patientId, access.listingScope(tenant), limit, startAfter);
        // A tree, not a map: the contract wants "nextCursor": null on the last page, and the shared
        // mapper leaves null map values out.
        ObjectNode body = Json.object();
        body.set(
                "items",
                Json.MAPPER.valueToTree(
                        page.items().stream().map(ReportViews::of).toList()));
        body.put(
                "nextCursor",
                page.lastReportId() == null ? null : cursors.encode(tenant, patientId, page.lastReportId()));
        var response = ApiResponses.json(200, body);
        List<AuditEntry.Subject> subjects = page.items().isEmpty()
                ? List.of(new AuditEntry.Subject(patientId, null))
                : page.items().stream()
                        .map(r -> new AuditEntry.Subject(r.patientId(), r.reportId()))
                        .toList();
        boolean crossTenant = page.items().stream().anyMatch(r -> !tenant.equals(r.tenant()));
        return new Answer(response, accessed(request, AuditAction.REPORT_LIST, response, crossTenant, subjects));
    }

    /**
     * Table, queue and model. A LEGACY model keeps health ok (it still answers; the watch alarms), a model Bedrock no
     * longer knows makes it degraded, and a control plane that cannot be read proves nothing either way.
     */
    private APIGatewayProxyResponseEvent health() {
        boolean table = reports.isReachable();
        boolean queueUp = queue.isReachable();
        ModelLifecycle lifecycle = model.current();
        boolean ok = table && queueUp && !lifecycle.status().breaksSummaries();
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("table", table ? "ok" : "unreachable");
        checks.put("queue", queueUp ? "ok" : "unreachable");
        checks.put("model", modelCheck(lifecycle));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ok ? "ok" : "degraded");
        body.put("version", version);
        body.put("checks", checks);
        return ApiResponses.json(ok ? 200 : 503, body);
    }

    private static Map<String, Object> modelCheck(ModelLifecycle lifecycle) {
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("id", lifecycle.modelId());
        check.put("lifecycle", lifecycle.status().name());
        lifecycle.endOfLife().ifPresent(date -> check.put("endOfLife", date.toString()));
        switch (lifecycle.status()) {
            case LEGACY ->
                check.put(
                        "detail",
                        "The model is Legacy on Amazon Bedrock: switch to an Active "
                                + "model before its end of life (docs/deploy.md, Switching models)");
            case NOT_FOUND ->
                check.put(
                        "detail",
                        "Amazon Bedrock does not know this model id in this region: "
                                + "it reached end of life, or the id or region is wrong");
            case UNVERIFIED ->
                check.put("detail", "The model's lifecycle could not be read from Amazon Bedrock just now");
            case ACTIVE -> {}
        }
        return check;
    }
}
