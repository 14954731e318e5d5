package io.medsum.local.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medsum.local.contract.OpenApiContract;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** What every refusal must look like, as a list of what is wrong with one answer (empty when right). */
final class ResponseChecks {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> PROBLEM_MEMBERS =
            Set.of("type", "title", "status", "detail", "instance", "errors");

    private ResponseChecks() {}

    /** An RFC 9457 problem document: media type, members and their types, {@code status} equal to the HTTP status. */
    static List<String> problemViolations(WireClient.WireResponse response) {
        List<String> out = new ArrayList<>();
        String contentType = response.header("Content-Type");
        if (contentType == null || !mediaType(contentType).equals("application/problem+json")) {
            out.add("Content-Type is " + contentType + ", not application/problem+json");
        }
        JsonNode body = parse(response, out);
        if (body == null) {
            return out;
        }
        if (!body.isObject()) {
            out.add("problem body is not a JSON object");
            return out;
        }
        JsonNode type = body.get("type");
        if (type == null || !type.isTextual() || type.textValue().isEmpty()) {
            out.add("problem has no string 'type'");
        } else {
            try {
                new URI(type.textValue());
            } catch (URISyntaxException e) {
                out.add("problem 'type' is not a URI reference: " + type.textValue());
            }
        }
        JsonNode title = body.get("title");
        if (title == null || !title.isTextual() || title.textValue().isBlank()) {
            out.add("problem has no string 'title'");
        }
        JsonNode status = body.get("status");
        if (status == null || !status.isInt()) {
            out.add("problem has no integer 'status'");
        } else if (status.intValue() != response.status()) {
            out.add("problem status " + status.intValue() + " differs from the HTTP status " + response.status());
        }
        JsonNode detail = body.get("detail");
        if (detail == null || !detail.isTextual()) {
            out.add("problem has no string 'detail'");
        }
        JsonNode errors = body.get("errors");
        if (errors != null) {
            if (!errors.isArray() || errors.isEmpty()) {
                out.add("problem 'errors' is not a non-empty array");
            } else {
                for (JsonNode error : errors) {
                    if (!error.path("field").isTextual()
                            || !error.path("message").isTextual()) {
                        out.add("problem error entry lacks string field/message: " + error);
                    }
                }
            }
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!PROBLEM_MEMBERS.contains(name)) {
                out.add("problem has an undeclared member '" + name + "'");
            }
        });
        return out;
    }

    /**
     * API Gateway's answer to a missing or wrong API key, as template.yaml's GatewayResponses (INVALID_API_KEY) shape
     * it: a 403 problem document.
     */
    static List<String> forbiddenViolations(WireClient.WireResponse response) {
        List<String> out = new ArrayList<>();
        if (response.status() != 403) {
            out.add("status " + response.status() + ", API Gateway answers 403 to a missing or wrong key");
        }
        out.addAll(problemViolations(response));
        JsonNode body = parse(response, new ArrayList<>());
        if (body != null && !body.path("type").asText().equals("urn:problem:medsum:forbidden")) {
            out.add("problem type is " + body.path("type") + ", the template's 403 is urn:problem:medsum:forbidden");
        }
        return out;
    }

    /**
     * The contract's view, for an operation openapi.yaml declares: the status must be one it declares for the
     * operation, and the body must match that response's schema.
     */
    static List<String> contractViolations(WireRequest request, WireClient.WireResponse response) {
        OpenApiContract contract = OpenApiContract.shared();
        if (contract.declaredStatuses(request.method(), request.target()).isEmpty()) {
            return List.of(); // a method or path the contract does not have: nothing to compare with
        }
        return contract.violations(
                request.method(), request.target(), response.status(), response.flatHeaders(), response.bodyText());
    }

    /** The canary must not come back anywhere: body (as UTF-8 and byte for byte) or header values. */
    static List<String> echoViolations(WireClient.WireResponse response, String canary) {
        List<String> out = new ArrayList<>();
        String lower = canary.toLowerCase(Locale.ROOT);
        if (response.bodyText().toLowerCase(Locale.ROOT).contains(lower)
                || new String(response.body(), StandardCharsets.ISO_8859_1)
                        .toLowerCase(Locale.ROOT)
                        .contains(lower)) {
            out.add("the answer echoes the canary " + canary + ": " + abbreviate(response.bodyText()));
        }
        for (Map.Entry<String, List<String>> header : response.headers().entrySet()) {
            for (String value : header.getValue()) {
                if (value.toLowerCase(Locale.ROOT).contains(lower)) {
                    out.add("header " + header.getKey() + " echoes the canary: " + abbreviate(value));
                }
            }
        }
        return out;
    }

    static String mediaType(String contentType) {
        return contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    private static JsonNode parse(WireClient.WireResponse response, List<String> out) {
        try {
            JsonNode node = MAPPER.readTree(response.body());
            if (node == null || node.isMissingNode()) {
                out.add("the body is empty");
                return null;
            }
            return node;
        } catch (IOException e) {
            out.add("the body is not JSON: " + abbreviate(response.bodyText()));
            return null;
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 400 ? s : s.substring(0, 400) + "... (" + s.length() + " chars)";
    }
}
