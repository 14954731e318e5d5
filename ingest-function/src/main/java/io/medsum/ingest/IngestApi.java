package io.medsum.ingest;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.common.audit.AuditAction;
import io.medsum.common.audit.AuditEntry;
import io.medsum.common.audit.AuditTrail;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.http.ApiRequest;
import io.medsum.common.http.ApiResponses;
import io.medsum.common.http.Problem;
import io.medsum.common.http.ProblemType;
import io.medsum.common.http.StatusLinks;
import io.medsum.common.json.Json;
import io.medsum.common.ports.PipelineMetrics;
import io.medsum.common.validation.FieldError;
import io.medsum.common.validation.SubmissionLimits;
import io.medsum.common.validation.SubmissionValidator;
import java.nio.charset.CharacterCodingException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of ingest: turns POST /summarize and POST /reports/batch into {@link ReportIntake} calls and their
 * outcomes into 202s and RFC 9457 problems. Every 4xx is decided before anything is written.
 */
public final class IngestApi {
    static final String SUMMARIZE = "/summarize";
    static final String BATCH = "/reports/batch";
    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final Set<String> BATCH_ITEM_EXTRA_FIELDS = Set.of("idempotencyKey");

    private static final Logger LOG = LoggerFactory.getLogger(IngestApi.class);

    private final ReportIntake intake;
    private final SubmissionValidator validator;
    private final PipelineMetrics metrics;
    private final AuditTrail audit;
    private final Clock clock;

    public IngestApi(
            ReportIntake intake,
            SubmissionValidator validator,
            PipelineMetrics metrics,
            AuditTrail audit,
            Clock clock) {
        this.intake = intake;
        this.validator = validator;
        this.metrics = metrics;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Records a submission that reached the store as an access (refusals decided before anything was written are not:
     * nothing of a patient's was touched). An unrecorded submission is answered 503: the client retries with its
     * Idempotency-Key and gets the same report, this time recorded.
     */
    private APIGatewayProxyResponseEvent recorded(
            ApiRequest request,
            AuditAction action,
            APIGatewayProxyResponseEvent response,
            List<AuditEntry.Subject> subjects) {
        int status = response.getStatusCode();
        try {
            audit.record(new AuditEntry(
                    clock.instant(),
                    action,
                    request.tenant(),
                    request.principal(),
                    status < 300 ? "ok" : status < 500 ? "refused" : "error",
                    status,
                    false,
                    subjects,
                    request.requestId()));
            return response;
        } catch (AuditTrail.AuditUnavailableException e) {
            LOG.error("Submission answered 503: the audit trail is unavailable: {}", e.getMessage());
            return ApiResponses.problem(
                    ProblemType.AUDIT_UNAVAILABLE,
                    "The submission could not be recorded in the audit trail; retry with the same Idempotency-Key");
        }
    }

    public APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event) {
        ApiRequest request = new ApiRequest(event);
        String route = request.route();
        if (!route.equals(SUMMARIZE) && !route.equals(BATCH)) {
            return ApiResponses.problem(ProblemType.NOT_FOUND, "No such resource");
        }
        if (!request.method().equals("POST")) {
            return ApiResponses.problem(ProblemType.METHOD_NOT_ALLOWED, "Use POST");
        }
        if (!request.hasJsonBody()) {
            return reject(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Send the report as Content-Type: application/json");
        }
        if (request.bodyBytes() > SubmissionLimits.MAX_BODY_BYTES) {
            return reject(ProblemType.PAYLOAD_TOO_LARGE, "The request body exceeds 6 MB");
        }
        Optional<String> idempotencyKey = request.header(IDEMPOTENCY_KEY);
        if (idempotencyKey.isPresent() && !IdempotencyKeys.isValid(idempotencyKey.get())) {
            return reject(Problem.validation(
                    ProblemType.VALIDATION,
                    "The Idempotency-Key header is invalid",
                    List.of(new FieldError("Idempotency-Key", "must be 1-255 printable ASCII characters"))));
        }
        JsonNode body;
        try {
            body = Json.parse(request.body());
        } catch (CharacterCodingException e) {
            return reject(ProblemType.MALFORMED_JSON, "The request body is not valid UTF-8");
        } catch (Json.InvalidJsonException e) {
            return reject(ProblemType.MALFORMED_JSON, e.getMessage());
        }
        return route.equals(SUMMARIZE)
                ? summarize(request, body, idempotencyKey)
                : batch(request, body, idempotencyKey);
    }

    private APIGatewayProxyResponseEvent summarize(ApiRequest request, JsonNode body, Optional<String> idempotencyKey) {
        SubmissionValidator.Result result = validator.validate(body);
        if (!result.isValid()) {
            return reject(
                    result.tooLarge()
                            ? Problem.validation(
                                    ProblemType.PAYLOAD_TOO_LARGE,
                                    "The report text exceeds 51,200 bytes",
                                    result.errors())
                            : Problem.validation(ProblemType.VALIDATION, "The report is invalid", result.errors()));
        }
        IntakeOutcome outcome = intake.submit(
                request.tenant(), new Submission(result.submission(), idempotencyKey.map(IdempotencyKey::of)));
        String patientId = result.submission().patientId();
        if (outcome instanceof IntakeOutcome.Accepted accepted) {
            String statusUrl = StatusLinks.statusUrl(request.baseUrl(), accepted.key());
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Location", statusUrl);
            headers.put("Retry-After", Integer.toString(StatusLinks.RETRY_AFTER_SECONDS));
            if (accepted.replayed()) {
                headers.put("Idempotency-Replayed", "true");
            }
            return recorded(
                    request,
                    AuditAction.REPORT_SUBMIT,
                    ApiResponses.json(202, acceptedBody(accepted.key(), statusUrl), headers),
                    List.of(new AuditEntry.Subject(patientId, accepted.key().reportId())));
        }
        IntakeOutcome.Refused refused = (IntakeOutcome.Refused) outcome;
        return recorded(
                request,
                AuditAction.REPORT_SUBMIT,
                ApiResponses.problem(refused.problem(), refused.detail()),
                List.of(new AuditEntry.Subject(patientId, null)));
    }

    private APIGatewayProxyResponseEvent batch(ApiRequest request, JsonNode body, Optional<String> batchKey) {
        JsonNode items = body.get("reports");
        if (!body.isObject() || items == null || !items.isArray() || items.isEmpty()) {
            return reject(Problem.validation(
                    ProblemType.VALIDATION,
                    "The batch is invalid",
                    List.of(new FieldError("reports", "must be a non-empty array of reports"))));
        }
        if (body.size() > 1) {
            return reject(Problem.validation(
                    ProblemType.VALIDATION,
                    "The batch is invalid",
                    List.of(new FieldError("(body)", "only the field 'reports' is allowed"))));
        }
        if (items.size() > SubmissionLimits.MAX_BATCH_ITEMS) {
            return reject(Problem.validation(
                    ProblemType.VALIDATION,
                    "The batch is too long",
                    List.of(new FieldError(
                            "reports", "must have at most " + SubmissionLimits.MAX_BATCH_ITEMS + " items"))));
        }

        List<Object> results = new ArrayList<>(items.size());
        List<Submission> valid = new ArrayList<>();
        List<Integer> validIndexes = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String prefix = "reports[" + i + "].";
            SubmissionValidator.Result result = validator.validate(item, prefix, BATCH_ITEM_EXTRA_FIELDS);
            Optional<IdempotencyKey> itemKey = itemKey(item, batchKey, i);
            if (itemKey.isPresent() && !IdempotencyKeys.isValid(itemKey.get().clientKey())) {
                results.add(rejectedItem(
                        i,
                        Problem.validation(
                                ProblemType.VALIDATION,
                                "The report is invalid",
                                List.of(new FieldError(
                                        prefix + "idempotencyKey", "must be 1-255 printable ASCII characters")))));
            } else if (!result.isValid()) {
                results.add(rejectedItem(
                        i,
                        result.tooLarge()
                                ? Problem.validation(
                                        ProblemType.PAYLOAD_TOO_LARGE,
                                        "The report text exceeds 51,200 bytes",
                                        result.errors())
                                : Problem.validation(
                                        ProblemType.VALIDATION, "The report is invalid", result.errors())));
            } else {
                results.add(null);
                valid.add(new Submission(result.submission(), itemKey));
                validIndexes.add(i);
            }
        }

        List<IntakeOutcome> outcomes = valid.isEmpty() ? List.of() : intake.submitAll(request.tenant(), valid);
        String baseUrl = request.baseUrl();
        List<AuditEntry.Subject> subjects = new ArrayList<>();
        for (int j = 0; j < outcomes.size(); j++) {
            int index = validIndexes.get(j);
            IntakeOutcome outcome = outcomes.get(j);
            String patientId = valid.get(j).report().patientId();
            subjects.add(new AuditEntry.Subject(
                    patientId,
                    outcome instanceof IntakeOutcome.Accepted accepted
                            ? accepted.key().reportId()
                            : null));
            if (outcome instanceof IntakeOutcome.Accepted accepted) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("index", index);
                item.putAll(acceptedBody(accepted.key(), StatusLinks.statusUrl(baseUrl, accepted.key())));
                results.set(index, item);
            } else {
                IntakeOutcome.Refused refused = (IntakeOutcome.Refused) outcome;
                results.set(index, rejectedItem(index, Problem.of(refused.problem(), refused.detail())));
            }
        }
        long accepted = outcomes.stream()
                .filter(o -> o instanceof IntakeOutcome.Accepted)
                .count();
        int rejected = items.size() - (int) accepted;
        if (rejected > 0) {
            metrics.rejected(rejected);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("accepted", accepted);
        response.put("rejected", rejected);
        response.put("results", results);
        var answer = ApiResponses.json(
                202, response, Map.of("Retry-After", Integer.toString(StatusLinks.RETRY_AFTER_SECONDS)));
        return subjects.isEmpty() ? answer : recorded(request, AuditAction.BATCH_SUBMIT, answer, subjects);
    }

    /** An item's own key wins; otherwise a batch-level key derives one per position. */
    private static Optional<IdempotencyKey> itemKey(JsonNode item, Optional<String> batchKey, int index) {
        JsonNode own = item == null ? null : item.get("idempotencyKey");
        if (own != null && !own.isNull()) {
            return Optional.of(IdempotencyKey.of(own.isTextual() ? own.textValue() : ""));
        }
        return batchKey.map(key -> IdempotencyKey.ofBatchPosition(key, index));
    }

    private static Map<String, Object> acceptedBody(ReportKey key, String statusUrl) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("patientId", key.patientId());
        body.put("reportId", key.reportId());
        body.put("status", "PENDING");
        body.put("statusUrl", statusUrl);
        return body;
    }

    private static Map<String, Object> rejectedItem(int index, Problem problem) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("index", index);
        item.put("error", problem);
        return item;
    }

    private APIGatewayProxyResponseEvent reject(ProblemType type, String detail) {
        return reject(Problem.of(type, detail));
    }

    private APIGatewayProxyResponseEvent reject(Problem problem) {
        metrics.rejected(1);
        return ApiResponses.problem(problem);
    }
}
