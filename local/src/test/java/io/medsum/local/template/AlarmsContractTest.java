package io.medsum.local.template;

import static io.medsum.local.template.ProjectTemplate.ALL_OPTIONS;
import static io.medsum.local.template.ProjectTemplate.DEFAULTS;
import static io.medsum.local.template.ProjectTemplate.list;
import static io.medsum.local.template.ProjectTemplate.map;
import static io.medsum.local.template.ProjectTemplate.marker;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medsum.common.domain.FailureCode;
import io.medsum.common.observability.PowertoolsPipelineMetrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The alarms issue 4 asks for exist and notify the alarm topic, and every custom metric an alarm or the dashboard
 * watches is one the code really emits, with the same dimensions: an alarm on a name or a dimension the code does not
 * write would stay green forever.
 */
class AlarmsContractTest {
    private static final ProjectTemplate TEMPLATE = new ProjectTemplate();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAMESPACE = "medsum";
    /** Metric name → the dimension sets (name → value, FailureCode values as "*") the code emits it with. */
    private static final Map<String, Set<Map<String, String>>> EMITTED = new TreeMap<>();

    private record MetricRef(String namespace, String name, Map<String, String> dimensions, String where) {}

    /** Drives every PipelineMetrics method through the real EMF writer and reads what it prints. */
    @BeforeAll
    static void captureWhatTheCodeEmits() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        synchronized (System.class) {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            try {
                var metrics = new PowertoolsPipelineMetrics();
                metrics.accepted(1);
                metrics.rejected(1);
                metrics.succeeded("fallback", 1000);
                metrics.needsReview(2);
                metrics.failed(FailureCode.RETRIES_EXHAUSTED);
                metrics.retried(FailureCode.MODEL_THROTTLED);
                metrics.modelCall(100, 10, 5);
                metrics.modelCallFailed(FailureCode.MODEL_NOT_FOUND);
                metrics.modelLifecycle(true, 180);
                metrics.groundingChecked(true);
                metrics.groundingCallFailed(FailureCode.GROUNDING_ACCESS_DENIED);
                metrics.retried(FailureCode.GROUNDING_UNAVAILABLE);
                metrics.flush();
            } finally {
                System.setOut(original);
            }
        }
        for (String line : printed.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.contains("\"_aws\"")) {
                continue;
            }
            JsonNode event = JSON.readTree(line);
            for (JsonNode directive : event.path("_aws").path("CloudWatchMetrics")) {
                if (!NAMESPACE.equals(directive.path("Namespace").asText())) {
                    continue;
                }
                for (JsonNode metric : directive.path("Metrics")) {
                    for (JsonNode dimensionSet : directive.path("Dimensions")) {
                        Map<String, String> dimensions = new TreeMap<>();
                        dimensionSet.forEach(name -> dimensions.put(
                                name.asText(),
                                name.asText().equals("FailureCode")
                                        ? "*"
                                        : event.path(name.asText()).asText()));
                        EMITTED.computeIfAbsent(metric.path("Name").asText(), n -> new HashSet<>())
                                .add(dimensions);
                    }
                }
            }
        }
        assertThat(EMITTED).as("EMF output was captured").containsKeys("ReportsAccepted", "ModelThrottles");
    }

    private static Map<String, Object> alarm(String id) {
        return TEMPLATE.properties(id, DEFAULTS);
    }

    private static Map<String, String> dimensions(Object raw) {
        Map<String, String> dimensions = new TreeMap<>();
        if (raw != null) {
            list(raw)
                    .forEach(d ->
                            dimensions.put(String.valueOf(map(d).get("Name")), String.valueOf(map(d).get("Value"))));
        }
        return dimensions;
    }

    @Test
    void theAlarmsOfTheIssueWatchWhatTheySay() {
        assertThat(alarm("DlqNotEmptyAlarm"))
                .containsEntry("Namespace", "AWS/SQS")
                .containsEntry("MetricName", "ApproximateNumberOfMessagesVisible")
                .containsEntry("Threshold", 0)
                .containsEntry("ComparisonOperator", "GreaterThanThreshold");
        assertThat(dimensions(alarm("DlqNotEmptyAlarm").get("Dimensions")))
                .containsEntry("QueueName", marker("ReportsDlq.QueueName"));

        assertThat(alarm("OldestMessageAgeAlarm")).containsEntry("MetricName", "ApproximateAgeOfOldestMessage");
        assertThat(dimensions(alarm("OldestMessageAgeAlarm").get("Dimensions")))
                .containsEntry("QueueName", marker("ReportsQueue.QueueName"));

        assertThat(alarm("WorkerErrorsAlarm"))
                .containsEntry("Namespace", "AWS/Lambda")
                .containsEntry("MetricName", "Errors");
        assertThat(dimensions(alarm("WorkerErrorsAlarm").get("Dimensions")))
                .containsEntry("FunctionName", marker("WorkerFunction"));

        assertThat(alarm("ModelThrottlesAlarm"))
                .containsEntry("Namespace", NAMESPACE)
                .containsEntry("MetricName", "ModelThrottles");

        List<String> failureRateInputs = list(alarm("FailureRateAlarm").get("Metrics")).stream()
                .map(ProjectTemplate::map)
                .filter(query -> query.containsKey("MetricStat"))
                .map(query -> String.valueOf(
                        map(map(query.get("MetricStat")).get("Metric")).get("MetricName")))
                .toList();
        assertThat(failureRateInputs).containsExactlyInAnyOrder("ReportsFailed", "ReportsSucceeded");
    }

    @Test
    void everyAlarmNotifiesTheAlarmTopicWhichMailsTheOptionalAddress() {
        List<String> alarms = TEMPLATE.idsOfType("AWS::CloudWatch::Alarm", DEFAULTS);

        assertThat(alarms).hasSizeGreaterThanOrEqualTo(5).allSatisfy(id -> {
            assertThat(list(alarm(id).get("AlarmActions"))).as(id).containsExactly(marker("AlarmTopic"));
            assertThat(alarm(id)).as(id).containsEntry("TreatMissingData", "notBreaching");
        });
        assertThat(TEMPLATE.template.exists("AlarmEmailSubscription", DEFAULTS)).isFalse();
        assertThat(TEMPLATE.properties("AlarmEmailSubscription", ALL_OPTIONS))
                .containsEntry("Endpoint", "ops@hospital.example")
                .containsEntry("TopicArn", marker("AlarmTopic"));
        assertThat(TEMPLATE.properties("AlarmTopic", DEFAULTS)).containsEntry("KmsMasterKeyId", marker("DataKey"));
    }

    @Test
    void everyCustomMetricWatchedIsEmittedByTheCodeWithTheSameDimensions() throws Exception {
        List<MetricRef> watched = new ArrayList<>();
        for (String id : TEMPLATE.idsOfType("AWS::CloudWatch::Alarm", DEFAULTS)) {
            Map<String, Object> alarm = alarm(id);
            if (alarm.containsKey("MetricName")) {
                watched.add(new MetricRef(
                        String.valueOf(alarm.get("Namespace")),
                        String.valueOf(alarm.get("MetricName")),
                        dimensions(alarm.get("Dimensions")),
                        id));
            }
            for (Object query : list(alarm.getOrDefault("Metrics", List.of()))) {
                Object stat = map(query).get("MetricStat");
                if (stat != null) {
                    Map<String, Object> metric = map(map(stat).get("Metric"));
                    watched.add(new MetricRef(
                            String.valueOf(metric.get("Namespace")),
                            String.valueOf(metric.get("MetricName")),
                            dimensions(metric.get("Dimensions")),
                            id));
                }
            }
        }
        watched.addAll(dashboardMetrics());

        List<MetricRef> custom = watched.stream()
                .filter(ref -> ref.namespace().equals(NAMESPACE))
                .toList();
        assertThat(custom).hasSizeGreaterThan(5);
        for (MetricRef ref : custom) {
            assertThat(EMITTED).as(ref.where() + " watches " + ref.name()).containsKey(ref.name());
            assertThat(EMITTED.get(ref.name()))
                    .as(ref.where() + " watches " + ref.name() + " with " + ref.dimensions())
                    .anySatisfy(emitted -> assertThat(emitted.keySet())
                            .isEqualTo(ref.dimensions().keySet()))
                    .anySatisfy(emitted -> ref.dimensions()
                            .forEach((name, value) ->
                                    assertThat(emitted.get(name)).isIn(value, "*")));
        }
    }

    private static final Pattern SEARCH = Pattern.compile("SEARCH\\('\\{(\\w+),([\\w,]+)} MetricName=\"(\\w+)\"");

    /** The dashboard's metric rows, with CloudWatch's "." (same as the row above) and "..." shorthands expanded. */
    private static List<MetricRef> dashboardMetrics() throws Exception {
        JsonNode body = JSON.readTree(
                String.valueOf(TEMPLATE.properties("Dashboard", DEFAULTS).get("DashboardBody")));
        List<MetricRef> refs = new ArrayList<>();
        for (JsonNode widget : body.path("widgets")) {
            List<String> previous = List.of();
            for (JsonNode row : widget.path("properties").path("metrics")) {
                if (row.get(0).isObject()) {
                    Matcher search =
                            SEARCH.matcher(row.get(0).path("expression").asText());
                    if (search.find()) {
                        Map<String, String> dimensions = new TreeMap<>();
                        for (String name : search.group(2).split(",")) {
                            dimensions.put(name, "*");
                        }
                        refs.add(new MetricRef(search.group(1), search.group(3), dimensions, "dashboard search"));
                    }
                    continue;
                }
                List<String> cells = new ArrayList<>();
                for (JsonNode cell : row) {
                    if (cell.isTextual()) {
                        cells.add(cell.asText());
                    }
                }
                if (!cells.isEmpty() && cells.get(0).equals("...")) {
                    cells = new ArrayList<>(previous);
                }
                for (int i = 0; i < cells.size(); i++) {
                    if (cells.get(i).equals(".")) {
                        cells.set(i, previous.get(i));
                    }
                }
                previous = cells;
                Map<String, String> dimensions = new LinkedHashMap<>();
                for (int i = 2; i + 1 < cells.size(); i += 2) {
                    dimensions.put(cells.get(i), cells.get(i + 1));
                }
                refs.add(new MetricRef(
                        cells.get(0),
                        cells.get(1),
                        new TreeMap<>(dimensions),
                        "dashboard " + widget.path("properties").path("title").asText()));
            }
        }
        return refs;
    }
}
