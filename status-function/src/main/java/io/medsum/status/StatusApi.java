package io.medsum.status;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medsum.common.domain.PatientIds;
import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportIds;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.http.ApiRequest;
import io.medsum.common.http.ApiResponses;
import io.medsum.common.http.Problem;
import io.medsum.common.http.ProblemType;
import io.medsum.common.http.StatusLinks;
import io.medsum.common.json.Json;
import io.medsum.common.ports.ReportStore;
import io.medsum.common.ports.WorkQueue;
import io.medsum.common.validation.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The read side: one report, a patient's reports newest first, and health. */
final class StatusApi {
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;
    private static final Pattern LIMIT = Pattern.compile("[0-9]{1,9}");

    private final ReportStore reports;
    private final WorkQueue queue;
    private final ModelHealth model;
    private final String version;

    StatusApi(ReportStore reports, WorkQueue queue, ModelHealth model, String version) {
        this.reports = reports;
        this.queue = queue;
        this.model = model;
        this.version = version;
    }

    public APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event) {
        ApiRequest request = new ApiRequest(event);
        String route = request.route();
        boolean known = switch (route) {
            case "/", "/health", "/reports/{patientId}/{reportId}", "/patients/{patientId}/reports" -> true;
            default -> false;
        };
        if (!known) {
            return ApiResponses.problem(ProblemType.NOT_FOUND, "No such resource");
        }
        if (!request.method().equals("GET")) {
            return ApiResponses.problem(ProblemType.METHOD_NOT_ALLOWED, "Use GET");
        }
        return switch (route) {
            case "/" -> ApiResponses.json(200, Map.of("status", "ok", "version", version));
            case "/health" -> health();
            case "/reports/{patientId}/{reportId}" -> report(request);
            default -> list(request);
        };
    }

    private APIGatewayProxyResponseEvent report(ApiRequest request) {
        String patientId = request.pathParameter("patientId").orElse("");
        String reportId = request.pathParameter("reportId").orElse("");
        List<FieldError> errors = new ArrayList<>();
        if (!PatientIds.isValid(patientId)) {
            errors.add(new FieldError("patientId", "must be 1-64 characters of A-Z, a-z, 0-9, '.', '_' or '-'"));
        }
        if (!ReportIds.isValid(reportId)) {
            errors.add(new FieldError("reportId", "must be a report id as returned by POST /summarize"));
        }
        if (!errors.isEmpty()) {
            return ApiResponses.problem(
                    Problem.validation(ProblemType.VALIDATION, "The report reference is invalid", errors));
        }
        Optional<Report> report = reports.find(new ReportKey(patientId, reportId));
        if (report.isEmpty()) {
            return ApiResponses.problem(ProblemType.NOT_FOUND, "No report with this id for this patient");
        }
        Map<String, String> headers = report.get().status().isTerminal()
                ? Map.of()
                : Map.of("Retry-After", Integer.toString(StatusLinks.RETRY_AFTER_SECONDS));
        return ApiResponses.json(200, ReportViews.of(report.get()), headers);
    }

    private APIGatewayProxyResponseEvent list(ApiRequest request) {
        String patientId = request.pathParameter("patientId").orElse("");
        List<FieldError> errors = new ArrayList<>();
        if (!PatientIds.isValid(patientId)) {
            errors.add(new FieldError("patientId", "must be 1-64 characters of A-Z, a-z, 0-9, '.', '_' or '-'"));
        }
        int limit = DEFAULT_LIMIT;
        Optional<String> limitParam = request.queryParameter("limit");
        if (limitParam.isPresent()) {
            // ASCII digits only: Integer.parseInt would also take "+5" and non-ASCII (Arabic-Indic, fullwidth) digits.
            limit = LIMIT.matcher(limitParam.get()).matches() ? Integer.parseInt(limitParam.get()) : -1;
            if (limit < 1 || limit > MAX_LIMIT) {
                errors.add(new FieldError("limit", "must be an integer from 1 to " + MAX_LIMIT));
            }
        }
        String startAfter = null;
        Optional<String> cursor = request.queryParameter("cursor");
        if (cursor.isPresent()) {
            Optional<String> decoded = CursorCodec.decode(patientId, cursor.get());
            if (decoded.isEmpty()) {
                errors.add(new FieldError("cursor", "is not a cursor this API returned"));
            } else {
                startAfter = decoded.get();
            }
        }
        if (!errors.isEmpty()) {
            return ApiResponses.problem(
                    Problem.validation(ProblemType.VALIDATION, "The listing request is invalid", errors));
        }
        ReportStore.Page page = reports.list(patientId, limit, startAfter);
        // A tree, not a map: the contract wants "nextCursor": null on the last page, and the shared
        // mapper leaves null map values out.
        ObjectNode body = Json.object();
        body.set(
                "items",
                Json.MAPPER.valueToTree(
                        page.items().stream().map(ReportViews::of).toList()));
        body.put("nextCursor", page.lastReportId() == null ? null : CursorCodec.encode(patientId, page.lastReportId()));
        return ApiResponses.json(200, body);
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
                        "The model is Legacy on Amazon Bedrock: switch to an Active model before its end of life (docs/deploy.md, Switching models)");
            case NOT_FOUND ->
                check.put(
                        "detail",
                        "Amazon Bedrock does not know this model id in this region: it reached end of life, or the id or region is wrong");
            case UNVERIFIED ->
                check.put("detail", "The model's lifecycle could not be read from Amazon Bedrock just now");
            case ACTIVE -> {}
        }
        return check;
    }
}
