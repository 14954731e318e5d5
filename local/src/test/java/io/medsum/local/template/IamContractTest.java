package io.medsum.local.template;

import static io.medsum.local.template.ProjectTemplate.ACCOUNT;
import static io.medsum.local.template.ProjectTemplate.ALL_OPTIONS;
import static io.medsum.local.template.ProjectTemplate.DEFAULTS;
import static io.medsum.local.template.ProjectTemplate.REGION;
import static io.medsum.local.template.ProjectTemplate.list;
import static io.medsum.local.template.ProjectTemplate.map;
import static io.medsum.local.template.ProjectTemplate.marker;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Least privilege, as template.yaml grants it: one role per function with exactly the calls that function makes, every
 * resource a resource of this stack (or the configured Bedrock model), no wildcard actions, and '*' resources only for
 * the actions AWS offers nothing narrower for.
 */
class IamContractTest {
    private static final ProjectTemplate TEMPLATE = new ProjectTemplate();

    /** What each function calls, and why; the role must allow exactly this (plus the optional extras below). */
    private static final Map<String, Map<String, String>> GRANTS = Map.of(
            "IngestRole",
                    Map.of(
                            "logs:CreateLogStream", "its own log group",
                            "logs:PutLogEvents", "its own log group",
                            "dynamodb:PutItem", "store a PENDING report; reserve an idempotency key",
                            "dynamodb:GetItem", "read an existing idempotency key or report on a retry",
                            "dynamodb:UpdateItem", "confirm the enqueue; complete or take over an idempotency key",
                            "dynamodb:DeleteItem", "compensate a failed enqueue; release an idempotency key",
                            "dynamodb:BatchWriteItem", "store the valid reports of a batch",
                            "sqs:SendMessage", "enqueue reports (SendMessage and SendMessageBatch)",
                            "kms:Decrypt", "DynamoDB and SQS use the data key on its behalf",
                            "kms:GenerateDataKey", "SQS encrypts the messages it sends"),
            "ReconcilerRole",
                    Map.ofEntries(
                            Map.entry("logs:CreateLogStream", "its own log group"),
                            Map.entry("logs:PutLogEvents", "its own log group"),
                            Map.entry("dynamodb:Query", "the AwaitingEnqueue and AwaitingNotification indexes only"),
                            Map.entry("dynamodb:GetItem", "read a report whose notification is still unpublished"),
                            Map.entry("dynamodb:UpdateItem", "mark a report enqueued, failed or notified"),
                            Map.entry("events:PutEvents", "publish the notifications their writers left unpublished"),
                            Map.entry("sqs:SendMessage", "re-enqueue stranded reports"),
                            Map.entry("sqs:ReceiveMessage", "read the DLQ to fail reports that reached it unfinished"),
                            Map.entry(
                                    "sqs:ChangeMessageVisibility",
                                    "make the DLQ messages it read visible again at once"),
                            Map.entry("kms:Decrypt", "DynamoDB and SQS use the data key on its behalf"),
                            Map.entry("kms:GenerateDataKey", "SQS encrypts the messages it sends")),
            "WorkerRole",
                    Map.ofEntries(
                            Map.entry("logs:CreateLogStream", "its own log group"),
                            Map.entry("logs:PutLogEvents", "its own log group"),
                            Map.entry("dynamodb:GetItem", "read the report to summarize"),
                            Map.entry("dynamodb:UpdateItem", "claim, finish, release or fail a report"),
                            Map.entry("events:PutEvents", "publish the notification of a terminal transition"),
                            Map.entry("sqs:ReceiveMessage", "the event source mapping polls with this role"),
                            Map.entry("sqs:DeleteMessage", "the event source mapping deletes processed messages"),
                            Map.entry("sqs:GetQueueAttributes", "the event source mapping checks the queue"),
                            Map.entry("sqs:ChangeMessageVisibility", "retry backoff"),
                            Map.entry("sqs:SendMessage", "dead-letter a poison message"),
                            Map.entry(
                                    "bedrock:InvokeModel",
                                    "the configured model (Converse is authorized as InvokeModel)")),
            "StatusRole",
                    Map.ofEntries(
                            Map.entry("logs:CreateLogStream", "its own log group"),
                            Map.entry("logs:PutLogEvents", "its own log group"),
                            Map.entry("dynamodb:GetItem", "one report"),
                            Map.entry("dynamodb:Query", "a patient's reports"),
                            Map.entry("dynamodb:DescribeTable", "the deep health check"),
                            Map.entry(
                                    "dynamodb:UpdateItem",
                                    "record a review decision (NEEDS_REVIEW to SUCCESS or FAILED)"),
                            Map.entry("sqs:GetQueueAttributes", "the deep health check"),
                            Map.entry("kms:Decrypt", "DynamoDB uses the data key on its behalf"),
                            Map.entry(
                                    "bedrock:GetInferenceProfile",
                                    "the deep health check: the models the configured profile routes to"),
                            Map.entry("bedrock:GetFoundationModel", "the deep health check: the model's lifecycle"),
                            Map.entry("secretsmanager:GetSecretValue", "the listing cursors' HMAC key"),
                            Map.entry("events:PutEvents", "publish report.reviewed after a review decision")),
            "WebhooksRole",
                    Map.ofEntries(
                            Map.entry("logs:CreateLogStream", "its own log group and the audit trail"),
                            Map.entry("logs:PutLogEvents", "its own log group and the audit trail"),
                            Map.entry("dynamodb:PutItem", "register a webhook"),
                            Map.entry("dynamodb:Query", "list a tenant's webhooks"),
                            Map.entry("dynamodb:GetItem", "find one webhook"),
                            Map.entry("dynamodb:DeleteItem", "remove a webhook"),
                            Map.entry("secretsmanager:CreateSecret", "a new webhook's signing secret"),
                            Map.entry("secretsmanager:TagResource", "CreateSecret with tags needs it"),
                            Map.entry("secretsmanager:DeleteSecret", "a removed webhook's signing secret"),
                            Map.entry("kms:Decrypt", "DynamoDB and Secrets Manager use the data key on its behalf"),
                            Map.entry("kms:GenerateDataKey", "Secrets Manager encrypts a new secret")),
            "NotifierRole",
                    Map.ofEntries(
                            Map.entry("logs:CreateLogStream", "its own log group"),
                            Map.entry("logs:PutLogEvents", "its own log group"),
                            Map.entry("dynamodb:Query", "the tenant's webhooks"),
                            Map.entry("dynamodb:GetItem", "one webhook of a delivery"),
                            Map.entry("secretsmanager:GetSecretValue", "a webhook's signing secret"),
                            Map.entry("sqs:ReceiveMessage", "the event source mapping polls with this role"),
                            Map.entry("sqs:DeleteMessage", "the event source mapping deletes delivered messages"),
                            Map.entry("sqs:GetQueueAttributes", "the event source mapping checks the queue"),
                            Map.entry("sqs:ChangeMessageVisibility", "delivery backoff"),
                            Map.entry("sqs:SendMessage", "fan-out, one message per delivery, and dead-lettering"),
                            Map.entry("kms:Decrypt", "DynamoDB, SQS and Secrets Manager use the data key for it"),
                            Map.entry("kms:GenerateDataKey", "SQS encrypts the messages it sends")),
            "ModelWatchRole",
                    Map.of(
                            "logs:CreateLogStream", "its own log group",
                            "logs:PutLogEvents", "its own log group",
                            "bedrock:GetInferenceProfile", "the models the configured profile routes to",
                            "bedrock:GetFoundationModel", "the model's lifecycle, hourly"));

    private static final Map<String, String> WORKER_KMS = Map.of(
            "kms:Decrypt", "DynamoDB and SQS use the data key on its behalf",
            "kms:GenerateDataKey", "SQS encrypts the poison messages it dead-letters");
    /** Granted only when the option is on. */
    private static final Set<String> TRACING = Set.of("xray:PutTraceSegments", "xray:PutTelemetryRecords");

    private static final Set<String> VPC = Set.of(
            "ec2:CreateNetworkInterface",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DeleteNetworkInterface",
            "ec2:AssignPrivateIpAddresses",
            "ec2:UnassignPrivateIpAddresses");
    /** Actions AWS authorizes on '*' only (X-Ray) or that Lambda needs for ENIs it names itself. */
    private static final Set<String> STAR_RESOURCE_ACTIONS = union(TRACING, VPC);

    static Stream<Arguments> scenarios() {
        return Stream.of(Arguments.of("defaults", DEFAULTS), Arguments.of("all options", ALL_OPTIONS));
    }

    private static Map<String, String> expectedGrants(String role) {
        Map<String, String> grants = new LinkedHashMap<>(GRANTS.get(role));
        if (role.equals("WorkerRole")) {
            grants.putAll(WORKER_KMS);
        }
        return grants;
    }

    private static List<Map<String, Object>> statements(String roleId, Map<String, Object> parameters) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object policy : list(TEMPLATE.properties(roleId, parameters).getOrDefault("Policies", List.of()))) {
            for (Object statement : list(map(map(policy).get("PolicyDocument")).get("Statement"))) {
                statements.add(map(statement));
            }
        }
        return statements;
    }

    private static Set<String> actions(Map<String, Object> statement) {
        Set<String> actions = new TreeSet<>();
        list(statement.get("Action")).forEach(action -> actions.add(String.valueOf(action)));
        return actions;
    }

    @Test
    void everyFunctionHasItsOwnRole() {
        Map<String, String> roleOf = new LinkedHashMap<>();
        for (String function : TEMPLATE.idsOfType("AWS::Serverless::Function", DEFAULTS)) {
            Object role = TEMPLATE.properties(function, DEFAULTS).get("Role");
            assertThat(role)
                    .as(function + " names an explicit role, so SAM adds no managed policy")
                    .isNotNull();
            roleOf.put(function, String.valueOf(role));
        }
        assertThat(roleOf.values()).as("no two functions share a role").doesNotHaveDuplicates();
        assertThat(roleOf)
                .containsEntry("IngestFunction", marker("IngestRole.Arn"))
                .containsEntry("ReconcilerFunction", marker("ReconcilerRole.Arn"))
                .containsEntry("WorkerFunction", marker("WorkerRole.Arn"))
                .containsEntry("StatusFunction", marker("StatusRole.Arn"))
                .containsEntry("ModelWatchFunction", marker("ModelWatchRole.Arn"))
                .containsEntry("WebhooksFunction", marker("WebhooksRole.Arn"))
                .containsEntry("NotifierFunction", marker("NotifierRole.Arn"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void eachRoleAllowsExactlyWhatItsFunctionCalls(String scenario, Map<String, Object> parameters) {
        boolean tracing = "true".equals(parameters.get("TracingEnabled"));
        boolean vpc = parameters.containsKey("VpcId");
        boolean grounding = parameters.containsKey("GroundingThreshold");
        for (String role : GRANTS.keySet()) {
            Set<String> allowed = new TreeSet<>();
            statements(role, parameters).forEach(statement -> allowed.addAll(actions(statement)));
            Set<String> expected = new TreeSet<>(expectedGrants(role).keySet());
            if (grounding && role.equals("WorkerRole")) {
                expected.add("bedrock:ApplyGuardrail"); // the grounding check, only when it is on
            }
            if (tracing) {
                expected.addAll(TRACING);
            }
            if (vpc) {
                expected.addAll(VPC);
            }
            assertThat(allowed).as(role + " (" + scenario + ")").containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void noRoleOrResourcePolicyAllowsAWildcardAction(String scenario, Map<String, Object> parameters) {
        for (Map<String, Object> statement : allowStatements(parameters)) {
            assertThat(actions(statement)).as(statement.toString()).noneMatch(action -> action.contains("*"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyResourceIsOfThisStackOrTheConfiguredModel(String scenario, Map<String, Object> parameters) {
        for (String role : GRANTS.keySet()) {
            for (Map<String, Object> statement : statements(role, parameters)) {
                for (Object resource : list(statement.get("Resource"))) {
                    String arn = String.valueOf(resource);
                    if (arn.equals("*")) {
                        assertThat(STAR_RESOURCE_ACTIONS)
                                .as(role + ": '*' only for " + STAR_RESOURCE_ACTIONS)
                                .containsAll(actions(statement));
                    } else if (arn.contains(":secretsmanager:")) {
                        // Secrets created at run time (one per webhook) are named under the stack's own prefix.
                        assertThat(arn)
                                .as(role)
                                .startsWith("arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT + ":secret:medsum/"
                                        + ProjectTemplate.STACK + "/");
                    } else if (arn.contains(":bedrock:")) {
                        assertThat(bedrockResources(String.valueOf(resolvedModelId(parameters))))
                                .as(role)
                                .contains(arn);
                    } else {
                        assertThat(TEMPLATE.template.resourceIds())
                                .as(role + " names " + arn)
                                .anyMatch(id -> arn.startsWith(marker(id)) || arn.startsWith("{" + id + "."));
                    }
                }
            }
        }
    }

    @Test
    void eachStarResourceSaysWhyOnItsLine() {
        TEMPLATE.text
                .lines()
                .filter(line -> line.trim().matches("Resource: '\\*'.*"))
                .forEach(line -> assertThat(line)
                        .as("a '*' resource explains itself in a comment")
                        .contains("#"));
    }

    @Test
    void theGroundingGuardrailIsApplicableOnlyWhenOnAndOnlyThisStacksOne() {
        Map<String, Object> on = Map.of("GroundingThreshold", "0.7");
        assertThat(statements("WorkerRole", on))
                .filteredOn(statement -> actions(statement).contains("bedrock:ApplyGuardrail"))
                .singleElement()
                .satisfies(statement -> {
                    assertThat(actions(statement)).containsExactly("bedrock:ApplyGuardrail");
                    assertThat(statement.get("Resource")).isEqualTo(marker("GroundingGuardrail.GuardrailArn"));
                });
        assertThat(statements("WorkerRole", DEFAULTS))
                .noneMatch(statement -> actions(statement).contains("bedrock:ApplyGuardrail"));
        // The guardrail is encrypted with the data key: Bedrock decrypts it on the worker's behalf, only then.
        assertThat(statements("WorkerRole", on))
                .filteredOn(statement -> "UseDataKeyThroughDynamoDbAndSqs".equals(statement.get("Sid")))
                .singleElement()
                .satisfies(statement -> assertThat(
                                list(map(map(statement.get("Condition")).get("StringEquals"))
                                        .get("kms:ViaService")))
                        .contains("bedrock." + REGION + ".amazonaws.com"));
        assertThat(statements("WorkerRole", DEFAULTS))
                .filteredOn(statement -> "UseDataKeyThroughDynamoDbAndSqs".equals(statement.get("Sid")))
                .singleElement()
                .satisfies(statement -> assertThat(
                                list(map(map(statement.get("Condition")).get("StringEquals"))
                                        .get("kms:ViaService")))
                        .doesNotContain("bedrock." + REGION + ".amazonaws.com"));
    }

    @Test
    void aModelIdIsInvokableOnlyInThisRegion() {
        List<Map<String, Object>> bedrock = bedrockStatements(Map.of("ModelId", "amazon.nova-micro-v1:0"));

        assertThat(bedrock).singleElement().satisfies(statement -> {
            assertThat(statement.get("Resource"))
                    .isEqualTo("arn:aws:bedrock:" + REGION + "::foundation-model/amazon.nova-micro-v1:0");
            assertThat(statement).doesNotContainKey("Condition");
        });
    }

    @Test
    void anInferenceProfileIsInvokableWithItsFoundationModelOnlyThroughTheProfile() {
        String profile = "arn:aws:bedrock:" + REGION + ":" + ACCOUNT + ":inference-profile/us.amazon.nova-2-lite-v1:0";
        List<Map<String, Object>> bedrock = bedrockStatements(DEFAULTS);

        assertThat(bedrock)
                .extracting(statement -> statement.get("Resource"))
                .containsExactlyInAnyOrder(profile, "arn:aws:bedrock:*::foundation-model/amazon.nova-2-lite-v1:0");
        assertThat(bedrock)
                .filteredOn(
                        statement -> String.valueOf(statement.get("Resource")).contains("foundation-model"))
                .singleElement()
                .satisfies(statement -> assertThat(
                                map(map(statement.get("Condition")).get("StringEquals")))
                        .containsEntry("bedrock:InferenceProfileArn", profile));
    }

    @Test
    void theModelLifecycleIsReadOnlyForTheConfiguredProfileAndItsModelInThisRegion() {
        String profile = "arn:aws:bedrock:" + REGION + ":" + ACCOUNT + ":inference-profile/us.amazon.nova-2-lite-v1:0";
        String model = "arn:aws:bedrock:" + REGION + "::foundation-model/amazon.nova-2-lite-v1:0";
        for (String role : List.of("StatusRole", "ModelWatchRole")) {
            assertThat(lifecycleStatements(role, DEFAULTS))
                    .as(role)
                    .singleElement()
                    .satisfies(statement -> {
                        assertThat(actions(statement))
                                .containsExactlyInAnyOrder("bedrock:GetInferenceProfile", "bedrock:GetFoundationModel");
                        assertThat(list(statement.get("Resource"))).containsExactlyInAnyOrder(profile, model);
                    });
            assertThat(lifecycleStatements(role, Map.of("ModelId", "amazon.nova-micro-v1:0")))
                    .as(role)
                    .singleElement()
                    .satisfies(statement -> {
                        assertThat(actions(statement)).containsExactly("bedrock:GetFoundationModel");
                        assertThat(statement.get("Resource"))
                                .isEqualTo("arn:aws:bedrock:" + REGION + "::foundation-model/amazon.nova-micro-v1:0");
                    });
        }
    }

    private static List<Map<String, Object>> lifecycleStatements(String role, Map<String, Object> parameters) {
        return statements(role, parameters).stream()
                .filter(statement -> actions(statement).contains("bedrock:GetFoundationModel"))
                .toList();
    }

    @Test
    void everyGeographyPrefixIsAnInferenceProfile() {
        for (String profile : List.of(
                "us.amazon.nova-lite-v1:0",
                "eu.anthropic.claude-3-haiku-20240307-v1:0",
                "apac.anthropic.claude-3-haiku-20240307-v1:0",
                "global.anthropic.claude-sonnet-4-20250514-v1:0",
                "us-gov.anthropic.claude-3-haiku-20240307-v1:0")) {
            assertThat(TEMPLATE.template.condition("ModelIsInferenceProfile", Map.of("ModelId", profile)))
                    .as(profile)
                    .isTrue();
        }
        for (String model : List.of(
                "amazon.titan-text-express-v1",
                "anthropic.claude-3-haiku-20240307-v1:0",
                "meta.llama3-8b-instruct-v1:0")) {
            assertThat(TEMPLATE.template.condition("ModelIsInferenceProfile", Map.of("ModelId", model)))
                    .as(model)
                    .isFalse();
        }
    }

    @Test
    void kmsKeyUseIsLimitedToDynamoDbSqsAndSecretsManagerActingForTheFunction() {
        for (String role : GRANTS.keySet()) {
            statements(role, DEFAULTS).stream()
                    .filter(statement -> actions(statement).stream().anyMatch(action -> action.startsWith("kms:")))
                    .forEach(statement -> {
                        assertThat(statement.get("Resource")).as(role).isEqualTo(marker("DataKey.Arn"));
                        Object services = map(map(statement.get("Condition")).get("StringEquals"))
                                .get("kms:ViaService");
                        assertThat(list(services))
                                .as(role)
                                .isNotEmpty()
                                .allSatisfy(service -> assertThat(String.valueOf(service))
                                        .isIn(
                                                "dynamodb." + REGION + ".amazonaws.com",
                                                "sqs." + REGION + ".amazonaws.com",
                                                "secretsmanager." + REGION + ".amazonaws.com"));
                    });
        }
    }

    @Test
    void theKeyPolicyDelegatesToIamAndLetsOnlyCloudWatchTheTwoLogGroupsAndTheBusUseTheKeyDirectly() {
        List<Map<String, Object>> statements =
                list(map(TEMPLATE.properties("DataKey", DEFAULTS).get("KeyPolicy"))
                                .get("Statement"))
                        .stream()
                        .map(ProjectTemplate::map)
                        .toList();

        // AWS's default statement: the account root may administer the key, which makes IAM policies
        // (the roles above) the place where use is granted. It is the only wildcard action in the stack.
        assertThat(statements)
                .filteredOn(statement -> actions(statement).contains("kms:*"))
                .singleElement()
                .satisfies(statement -> assertThat(map(statement.get("Principal")))
                        .containsEntry("AWS", "arn:aws:iam::" + ACCOUNT + ":root"));
        assertThat(statements)
                .filteredOn(statement -> map(statement.get("Principal")).containsValue("cloudwatch.amazonaws.com"))
                .singleElement()
                .satisfies(statement ->
                        assertThat(actions(statement)).containsExactlyInAnyOrder("kms:Decrypt", "kms:GenerateDataKey"));
        // EventBridge encrypts the bus's events and puts them on the encrypted queue, for this account only.
        assertThat(statements)
                .filteredOn(statement -> map(statement.get("Principal")).containsValue("events.amazonaws.com"))
                .singleElement()
                .satisfies(statement -> {
                    assertThat(actions(statement))
                            .containsExactlyInAnyOrder("kms:GenerateDataKey", "kms:Decrypt", "kms:DescribeKey");
                    assertThat(map(map(statement.get("Condition")).get("StringEquals")))
                            .containsEntry("aws:SourceAccount", ACCOUNT);
                });
        // CloudWatch Logs encrypts the audit trail and the events log with it, for these two log groups only.
        assertThat(statements)
                .filteredOn(
                        statement -> map(statement.get("Principal")).containsValue("logs." + REGION + ".amazonaws.com"))
                .extracting(statement ->
                        map(map(statement.get("Condition")).get("ArnEquals")).get("kms:EncryptionContext:aws:logs:arn"))
                .containsExactlyInAnyOrder(
                        "arn:aws:logs:" + REGION + ":" + ACCOUNT + ":log-group:/medsum/" + ProjectTemplate.STACK
                                + "/audit",
                        "arn:aws:logs:" + REGION + ":" + ACCOUNT + ":log-group:/medsum/" + ProjectTemplate.STACK
                                + "/events");
        assertThat(statements).hasSize(5);
    }

    @Test
    void onlyTheBusRulesWriteToTheNotificationsQueueAndTheEventsLog() throws Exception {
        Map<String, Object> queuePolicy =
                map(TEMPLATE.properties("NotificationsQueuePolicy", DEFAULTS).get("PolicyDocument"));
        assertThat(list(queuePolicy.get("Statement")))
                .map(ProjectTemplate::map)
                .filteredOn(statement -> "Allow".equals(statement.get("Effect")))
                .singleElement()
                .satisfies(statement -> {
                    assertThat(actions(statement)).containsExactly("sqs:SendMessage");
                    assertThat(map(statement.get("Principal"))).containsEntry("Service", "events.amazonaws.com");
                    assertThat(map(map(statement.get("Condition")).get("ArnEquals")))
                            .containsEntry("aws:SourceArn", marker("NotificationsToQueueRule.Arn"));
                });

        String logPolicy = String.valueOf(
                TEMPLATE.properties("EventsLogGroupPolicy", DEFAULTS).get("PolicyDocument"));
        var statement = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(logPolicy)
                .get("Statement")
                .get(0);
        assertThat(statement.get("Action").toString()).isEqualTo("[\"logs:CreateLogStream\",\"logs:PutLogEvents\"]");
        assertThat(statement.get("Resource").asText()).isEqualTo(marker("EventsLogGroup.Arn"));
        assertThat(statement.at("/Condition/ArnEquals/aws:SourceArn").asText())
                .isEqualTo(marker("NotificationsToLogRule.Arn"));
    }

    @Test
    void onlyTheApiGatewayAccountRoleUsesAManagedPolicy() {
        for (String role : TEMPLATE.idsOfType("AWS::IAM::Role", ALL_OPTIONS)) {
            Object managed = TEMPLATE.properties(role, ALL_OPTIONS).get("ManagedPolicyArns");
            if (role.equals("ApiGatewayCloudWatchRole")) {
                // The account-wide API Gateway logging role serves every API in the region, whose log
                // groups are not this stack's: AWS's managed policy for it is the narrowest fit.
                assertThat(list(managed))
                        .containsExactly("arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs");
            } else {
                assertThat(managed).as(role).isNull();
            }
        }
    }

    private static List<Map<String, Object>> bedrockStatements(Map<String, Object> parameters) {
        return statements("WorkerRole", parameters).stream()
                .filter(statement -> actions(statement).contains("bedrock:InvokeModel"))
                .toList();
    }

    private static Object resolvedModelId(Map<String, Object> parameters) {
        return parameters.getOrDefault(
                "ModelId", TEMPLATE.template.parameterDefaults().get("ModelId"));
    }

    /** The ARNs IAM may name for a model id: itself here, or a profile and its foundation model anywhere. */
    private static Set<String> bedrockResources(String modelId) {
        String[] parts = modelId.split("\\.");
        String foundationModel = parts.length > 2 ? parts[1] + "." + parts[2] : modelId;
        return Set.of(
                "arn:aws:bedrock:" + REGION + "::foundation-model/" + modelId,
                "arn:aws:bedrock:" + REGION + ":" + ACCOUNT + ":inference-profile/" + modelId,
                "arn:aws:bedrock:" + REGION + "::foundation-model/" + foundationModel,
                "arn:aws:bedrock:*::foundation-model/" + foundationModel);
    }

    /** Allow statements of every role, queue, topic and API resource policy. */
    private static List<Map<String, Object>> allowStatements(Map<String, Object> parameters) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (String role : TEMPLATE.idsOfType("AWS::IAM::Role", parameters)) {
            statements.addAll(statements(role, parameters));
            statements.add(map(list(map(TEMPLATE.properties(role, parameters).get("AssumeRolePolicyDocument"))
                            .get("Statement"))
                    .get(0)));
        }
        for (String type : List.of("AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy")) {
            for (String id : TEMPLATE.idsOfType(type, parameters)) {
                list(map(TEMPLATE.properties(id, parameters).get("PolicyDocument"))
                                .get("Statement"))
                        .forEach(statement -> statements.add(map(statement)));
            }
        }
        Object apiPolicy = map(TEMPLATE.properties("MedsumApi", parameters).get("DefinitionBody"))
                .get("x-amazon-apigateway-policy");
        if (apiPolicy != null) {
            list(map(apiPolicy).get("Statement")).forEach(statement -> statements.add(map(statement)));
        }
        return statements.stream()
                .filter(statement -> "Allow".equals(statement.get("Effect")))
                .toList();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> union = new TreeSet<>(a);
        union.addAll(b);
        return union;
    }
}
