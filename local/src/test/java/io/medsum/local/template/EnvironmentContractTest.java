package io.medsum.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.common.config.EnvNames;
import io.medsum.common.config.Settings;
import io.medsum.common.ports.PipelineMetrics;
import io.medsum.local.infra.FunctionDefinition;
import io.medsum.local.infra.LocalAwsClients;
import io.medsum.local.infra.TemplateSettings;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Each function's environment in template.yaml is exactly what its code reads: a name the code reads but the template
 * does not set would silently fall back to a default (or fail at the first request), and a name the template sets but
 * no code reads is a setting that does nothing.
 *
 * <p>"What the code reads" is measured, not declared: each handler is built from the template's environment (handlers
 * read their whole configuration at construction, once per container) and its {@link Settings} reports every name it
 * was asked for.
 */
class EnvironmentContractTest {
    private static final TemplateSettings TEMPLATE = TemplateSettings.fromProjectTemplate();
    private static final Map<String, Object> REFS = Map.ofEntries(
            Map.entry("PatientReportsTable", "PatientReports"),
            Map.entry("ReportsQueue", "http://127.0.0.1:1/000000000000/reports"),
            Map.entry("ReportsDlq", "http://127.0.0.1:1/000000000000/reports-dlq"),
            Map.entry("AuditLogGroup", "medsum-audit"),
            Map.entry("CursorKeySecret", "arn:aws:secretsmanager:eu-west-1:000000000000:secret:medsum/cursor-key"),
            Map.entry("NotificationBus", "medsum-notifications"),
            Map.entry("NotificationsQueue", "http://127.0.0.1:1/000000000000/notifications"),
            Map.entry("NotificationsDlq", "http://127.0.0.1:1/000000000000/notifications-dlq"),
            Map.entry("WebhooksTable", "Webhooks"),
            Map.entry("DataKey.Arn", TemplateSettings.LOCAL_DATA_KEY_ARN),
            Map.entry(TemplateSettings.API_BASE_URL, "https://api.example.org/v1"),
            Map.entry("AWS::Region", "eu-west-1"),
            Map.entry("AWS::AccountId", "000000000000"),
            Map.entry("AWS::Partition", "aws"),
            Map.entry("AWS::StackName", "medsum-test"));
    /** Read by libraries, not by our code: Powertools logging and metrics, and the JVM itself. */
    private static final Set<String> FOR_EVERY_FUNCTION =
            Set.of("POWERTOOLS_SERVICE_NAME", "POWERTOOLS_LOG_LEVEL", "JAVA_TOOL_OPTIONS");
    /**
     * Set by the local stack alone, never by the template: a deployed function must not take it, so the template
     * setting nothing for it is the contract (loopback receivers are for a developer's own machine).
     */
    private static final Set<String> LOCAL_ONLY = Set.of(EnvNames.WEBHOOK_ALLOW_LOOPBACK);

    private static final String METRICS_NAMESPACE = "POWERTOOLS_METRICS_NAMESPACE";

    private record Reads(Set<String> names, boolean emitsMetrics) {}

    /** Builds the function's handler from its template environment and records what it read. */
    private static Reads reads(FunctionDefinition function) throws ReflectiveOperationException {
        Map<String, String> env = new HashMap<>(LocalAwsClients.baseEnvironment());
        env.putAll(TEMPLATE.environment(function.logicalId(), REFS).variables());
        Settings settings = new Settings(env);
        Class<?> handler = Class.forName(function.handlerClass());
        handler.getConstructor(Settings.class).newInstance(settings);
        return new Reads(settings.namesRead(), holdsMetrics(handler));
    }

    private static boolean holdsMetrics(Class<?> handler) {
        return Arrays.stream(handler.getDeclaredFields())
                .anyMatch(field -> PipelineMetrics.class.isAssignableFrom(field.getType()));
    }

    /** AWS_* names come from the Lambda runtime (region, credentials) or only exist locally (endpoint overrides). */
    private static boolean providedByTheRuntime(String name) {
        return name.startsWith("AWS_");
    }

    @Test
    void everyFunctionIsSetExactlyTheVariablesItsCodeReads() throws ReflectiveOperationException {
        for (FunctionDefinition function : TEMPLATE.functions()) {
            Reads reads = reads(function);
            Set<String> codeReads = reads.names().stream()
                    .filter(name -> !providedByTheRuntime(name))
                    .filter(name -> !LOCAL_ONLY.contains(name))
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> templateSets = new TreeSet<>(function.environment().keySet());
            templateSets.removeAll(FOR_EVERY_FUNCTION);
            templateSets.remove(METRICS_NAMESPACE);

            assertThat(templateSets)
                    .as(function.logicalId() + ": set in template.yaml = read by its code")
                    .isEqualTo(codeReads);
        }
    }

    @Test
    void librariesGetTheirVariablesWhereTheyRun() throws ReflectiveOperationException {
        for (FunctionDefinition function : TEMPLATE.functions()) {
            assertThat(function.environment())
                    .as(function.logicalId())
                    .containsKeys(FOR_EVERY_FUNCTION.toArray(String[]::new));
            // Powertools metrics needs its namespace exactly where a handler emits EMF metrics.
            assertThat(function.environment().containsKey(METRICS_NAMESPACE))
                    .as(function.logicalId() + " sets " + METRICS_NAMESPACE + " iff its handler holds PipelineMetrics")
                    .isEqualTo(reads(function).emitsMetrics());
        }
    }

    @Test
    void theTemplateNeverSetsWhatOnlyTheLocalStackMay() {
        for (FunctionDefinition function : TEMPLATE.functions()) {
            assertThat(function.environment().keySet())
                    .as(function.logicalId())
                    .doesNotContainAnyElementsOf(LOCAL_ONLY);
        }
    }

    @Test
    void theTemplateSetsNoRuntimeVariable() {
        // Lambda reserves AWS_REGION, the credentials and more; AWS_ENDPOINT_URL_* would send a function's
        // calls somewhere other than AWS.
        for (FunctionDefinition function : TEMPLATE.functions()) {
            assertThat(function.environment().keySet())
                    .as(function.logicalId())
                    .noneMatch(EnvironmentContractTest::providedByTheRuntime);
        }
    }

    @Test
    void everyNameInEnvNamesIsReadBySomeFunction() throws Exception {
        Set<String> readByAny = new TreeSet<>();
        for (FunctionDefinition function : TEMPLATE.functions()) {
            readByAny.addAll(reads(function).names());
        }
        Map<String, String> declared = new TreeMap<>();
        for (Field field : EnvNames.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                declared.put(field.getName(), (String) field.get(null));
            }
        }

        assertThat(readByAny).as("EnvNames lists only what the functions read").containsAll(declared.values());
    }
}
