package io.medsum.local.template;

import static io.medsum.local.template.ProjectTemplate.ACCOUNT;
import static io.medsum.local.template.ProjectTemplate.ALL_OPTIONS;
import static io.medsum.local.template.ProjectTemplate.DEFAULTS;
import static io.medsum.local.template.ProjectTemplate.list;
import static io.medsum.local.template.ProjectTemplate.map;
import static io.medsum.local.template.ProjectTemplate.marker;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medsum.local.infra.TemplateSettings;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The API as deployed: the routes the local stack serves (the functions' Api events) are exactly the authorized methods
 * of the API definition, in either auth mode; gateway refusals are problem documents; access logs carry no patient
 * data; TLS 1.2 is the floor; the hospital options do what they say.
 */
class ApiTemplateContractTest {
    private static final ProjectTemplate TEMPLATE = new ProjectTemplate();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, Object> api(Map<String, Object> parameters) {
        return TEMPLATE.properties("MedsumApi", parameters);
    }

    private static Map<String, Object> paths(Map<String, Object> parameters) {
        return map(map(api(parameters).get("DefinitionBody")).get("paths"));
    }

    private static Set<String> routes(Map<String, Object> parameters, boolean withOptions) {
        Set<String> routes = new TreeSet<>();
        paths(parameters)
                .forEach((path, methods) -> map(methods).keySet().stream()
                        .filter(method -> withOptions || !method.equals("options"))
                        .forEach(method -> routes.add(method.toUpperCase(Locale.ROOT) + " " + path)));
        return routes;
    }

    @Test
    void theDefinitionHasExactlyTheRoutesOfTheFunctionsApiEvents() {
        Set<String> events = new TreeSet<>();
        TemplateSettings.fromProjectTemplate()
                .apiRoutes()
                .forEach(route -> events.add(route.method() + " " + route.path()));

        assertThat(routes(DEFAULTS, false)).isEqualTo(events);
    }

    @Test
    void everyMethodIsSignedWithSigV4ByDefaultOrNeedsAnApiKeyInApiKeyMode() {
        paths(DEFAULTS)
                .forEach((path, methods) -> map(methods)
                        .forEach((method, definition) -> assertThat(
                                        map(definition).get("security"))
                                .as(method + " " + path)
                                .isEqualTo(List.of(Map.of("sigv4", List.of())))));
        paths(Map.of("ApiAuth", "API_KEY"))
                .forEach((path, methods) -> map(methods)
                        .forEach((method, definition) -> assertThat(
                                        map(definition).get("security"))
                                .as(method + " " + path)
                                .isEqualTo(List.of(Map.of("api_key", List.of())))));
        assertThat(map(map(map(api(DEFAULTS).get("DefinitionBody")).get("securityDefinitions"))
                        .get("sigv4")))
                .containsEntry("x-amazon-apigateway-authtype", "awsSigv4");
    }

    @Test
    void apiKeysExistOnlyInApiKeyModeOnAUsagePlanThrottledLikeTheStage() {
        for (String id : List.of("ApiUsagePlan", "ApiClientKey", "ApiClientKeyOnPlan")) {
            assertThat(TEMPLATE.template.exists(id, DEFAULTS)).as(id).isFalse();
            assertThat(TEMPLATE.template.exists(id, Map.of("ApiAuth", "API_KEY")))
                    .as(id)
                    .isTrue();
        }
        Map<String, Object> throttle = map(TEMPLATE.properties("ApiUsagePlan", Map.of("ApiAuth", "API_KEY"))
                .get("Throttle"));
        Map<String, Object> stage =
                map(list(api(DEFAULTS).get("MethodSettings")).get(0));
        assertThat(throttle.get("RateLimit")).isEqualTo(stage.get("ThrottlingRateLimit"));
        assertThat(throttle.get("BurstLimit")).isEqualTo(stage.get("ThrottlingBurstLimit"));
    }

    @Test
    void theStageIsThrottledByParametersAndNeverLogsBodies() {
        Map<String, Object> settings =
                map(list(api(Map.of("ApiThrottlingRateLimit", "7", "ApiThrottlingBurstLimit", "9"))
                                .get("MethodSettings"))
                        .get(0));

        assertThat(settings)
                .containsEntry("ResourcePath", "/*")
                .containsEntry("HttpMethod", "*")
                .containsEntry("ThrottlingRateLimit", "7")
                .containsEntry("ThrottlingBurstLimit", "9")
                .containsEntry("LoggingLevel", "OFF")
                .containsEntry("DataTraceEnabled", false);
    }

    @Test
    void accessLogsSayWhoCalledWhatButNeverCarryABodyAQueryOrAConcretePath() throws Exception {
        Map<String, Object> accessLog = map(api(DEFAULTS).get("AccessLogSetting"));
        String format = String.valueOf(accessLog.get("Format"));
        JsonNode fields = JSON.readTree(format);

        assertThat(accessLog.get("DestinationArn")).isEqualTo("{ApiAccessLogGroup.Arn}");
        assertThat(fields.get("resourcePath").asText()).isEqualTo("$context.resourcePath");
        assertThat(format)
                .contains("$context.requestId", "$context.status", "$context.identity.sourceIp")
                .doesNotContain(
                        "$input", "$context.path", "$context.requestOverride", "querystring", "$context.error.message");
    }

    @Test
    void onlyTls12AndLaterAreAccepted() {
        assertThat(String.valueOf(api(DEFAULTS).get("SecurityPolicy"))).matches("SecurityPolicy_TLS13_1_[23]_.*");
        assertThat(api(DEFAULTS)).containsEntry("EndpointAccessMode", "STRICT");
    }

    @Test
    void gatewayRefusalsAreProblemDocumentsWithTheirOwnStatus() throws Exception {
        Map<String, Object> responses = map(api(DEFAULTS).get("GatewayResponses"));

        assertThat(responses)
                .containsKeys(
                        "ACCESS_DENIED",
                        "MISSING_AUTHENTICATION_TOKEN",
                        "THROTTLED",
                        "REQUEST_TOO_LARGE",
                        "INVALID_API_KEY");
        for (Map.Entry<String, Object> response : responses.entrySet()) {
            Map<String, Object> definition = map(response.getValue());
            JsonNode problem = JSON.readTree(
                    String.valueOf(map(definition.get("ResponseTemplates")).get("application/json")));
            assertThat(problem.get("status").asInt())
                    .as(response.getKey())
                    .isEqualTo(((Number) definition.get("StatusCode")).intValue());
            assertThat(problem.get("type").asText()).as(response.getKey()).startsWith("urn:problem:medsum:");
            assertThat(problem.has("title") && problem.has("detail"))
                    .as(response.getKey())
                    .isTrue();
        }
    }

    @Test
    void corsPreflightsExistOnlyWithOriginsAndEchoOnlyThoseOrigins() {
        assertThat(routes(DEFAULTS, true)).noneMatch(route -> route.startsWith("OPTIONS"));
        assertThat(TEMPLATE.properties("IngestFunction", DEFAULTS))
                .extracting(p -> map(map(p.get("Environment")).get("Variables")).get("CORS_ALLOWED_ORIGINS"))
                .isEqualTo("");

        Map<String, Object> paths = paths(ALL_OPTIONS);
        assertThat(paths).allSatisfy((path, methods) -> {
            Map<String, Object> options = map(map(methods).get("options"));
            assertThat(options.get("security"))
                    .as("browsers do not sign preflights")
                    .isEqualTo(List.of());
            Map<String, Object> integration = map(options.get("x-amazon-apigateway-integration"));
            assertThat(integration).containsEntry("type", "mock");
            String template = String.valueOf(
                    map(map(map(integration.get("responses")).get("default")).get("responseTemplates"))
                            .get("application/json"));
            assertThat(template)
                    .contains(
                            "\",https://portal.hospital.example,https://admin.hospital.example,\".contains(\",$origin,\")");
        });
    }

    @Test
    void allowedSourceCidrsBecomeAResourcePolicyThatDeniesEveryOtherSource() {
        assertThat(map(api(DEFAULTS).get("DefinitionBody"))).doesNotContainKey("x-amazon-apigateway-policy");

        for (Map<String, Object> parameters :
                List.of(Map.<String, Object>of("AllowedSourceCidrs", "203.0.113.0/24,198.51.100.7/32"), ALL_OPTIONS)) {
            List<Object> statements =
                    list(map(map(api(parameters).get("DefinitionBody")).get("x-amazon-apigateway-policy"))
                            .get("Statement"));
            assertThat(statements).anySatisfy(raw -> {
                Map<String, Object> statement = map(raw);
                assertThat(statement).containsEntry("Effect", "Deny").containsEntry("Action", "execute-api:Invoke");
                assertThat(map(map(statement.get("Condition")).get("NotIpAddress"))
                                .get("aws:SourceIp"))
                        .isEqualTo(List.of("203.0.113.0/24", "198.51.100.7/32"));
            });
        }
        // With IAM auth only this account's principals are allowed in; a '*' here would let other accounts'
        // signed requests through. API keys do need '*' (the key is the credential).
        Object iamPrincipal = allowPrincipal(Map.of("AllowedSourceCidrs", "203.0.113.0/24"));
        assertThat(iamPrincipal).isEqualTo(Map.of("AWS", "arn:aws:iam::" + ACCOUNT + ":root"));
        assertThat(allowPrincipal(ALL_OPTIONS)).isEqualTo("*");
    }

    @Test
    void unsignedCorsPreflightsAreLetThroughTheSourcePolicyEvenWithIamAuth() {
        Map<String, Object> iamWithCors =
                Map.of("AllowedSourceCidrs", "203.0.113.0/24", "CorsAllowedOrigins", "https://portal.example");
        List<Object> statements =
                list(map(map(api(iamWithCors).get("DefinitionBody")).get("x-amazon-apigateway-policy"))
                        .get("Statement"));

        assertThat(statements)
                .anySatisfy(raw -> assertThat(map(raw))
                        .containsEntry("Effect", "Allow")
                        .containsEntry("Principal", "*")
                        .containsEntry("Resource", "execute-api:/*/OPTIONS/*"));
        assertThat(list(map(map(api(Map.of("AllowedSourceCidrs", "203.0.113.0/24"))
                                        .get("DefinitionBody"))
                                .get("x-amazon-apigateway-policy"))
                        .get("Statement")))
                .hasSize(2);
    }

    private static Object allowPrincipal(Map<String, Object> parameters) {
        return list(map(map(api(parameters).get("DefinitionBody")).get("x-amazon-apigateway-policy"))
                        .get("Statement"))
                .stream()
                .map(ProjectTemplate::map)
                .filter(statement -> "Allow".equals(statement.get("Effect")))
                .findFirst()
                .orElseThrow()
                .get("Principal");
    }

    @Test
    void theOutputsAreTheOnesTheIssueAndTheDeployWorkflowUse() {
        assertThat(TEMPLATE.template.outputs()).containsKeys("ApiUrl", "QueueUrl", "DlqUrl", "TableName");
    }

    @Test
    void theApiWaitsForTheAccountsCloudWatchRoleWhenTheStackSetsIt() {
        // Found by transforming the template with the SAM translator: without an ordering, a region's first
        // deploy may create the stage (with its access-log setting) before the account has its logging role.
        assertThat(list(TEMPLATE.template.definition("MedsumApi").get("DependsOn")))
                .contains("ApiGatewayAccountReady");
        Object handle = map(TEMPLATE.template
                        .definition("ApiGatewayAccountReady")
                        .get("Metadata"))
                .get("ApiGatewayAccount");
        assertThat(TEMPLATE.resolve(handle, Map.of("SetApiGatewayAccountRole", "true")))
                .isEqualTo(marker("ApiGatewayAccount"));
        assertThat(TEMPLATE.resolve(handle, Map.of())).isEqualTo("none");
    }
}
