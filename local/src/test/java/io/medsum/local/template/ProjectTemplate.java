package io.medsum.local.template;

import io.medsum.local.infra.CloudFormationTemplate;
import io.medsum.local.infra.ProjectPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * template.yaml as the contract tests read it: parsed, resolvable for a set of parameter values, with every resource
 * reference replaced by a marker ({@code {Id}}, {@code {Id.Arn}}) so a test can tell which resource of this stack a
 * value names.
 */
final class ProjectTemplate {
    static final String REGION = "eu-west-1";
    static final String ACCOUNT = "123456789012";
    static final String STACK = "medsum-test";

    /** Every optional feature switched on, and an inference profile as the model. */
    static final Map<String, Object> ALL_OPTIONS = Map.ofEntries(
            Map.entry("ApiAuth", "API_KEY"),
            Map.entry("AlarmEmail", "ops@hospital.example"),
            Map.entry("TracingEnabled", "true"),
            Map.entry("CorsAllowedOrigins", "https://portal.hospital.example,https://admin.hospital.example"),
            Map.entry("AllowedSourceCidrs", "203.0.113.0/24,198.51.100.7/32"),
            Map.entry("VpcId", "vpc-0123456789abcdef0"),
            Map.entry("SubnetIds", "subnet-0a,subnet-0b"),
            Map.entry("RouteTableIds", "rtb-0a"),
            Map.entry("SetApiGatewayAccountRole", "true"),
            Map.entry("ModelId", "us.anthropic.claude-3-haiku-20240307-v1:0"),
            Map.entry("GroundingThreshold", "0.7"));

    static final Map<String, Object> DEFAULTS = Map.of();

    private static final Pattern ATTRIBUTE_REFERENCE =
            Pattern.compile("\\b([A-Z][A-Za-z0-9]+)\\.([A-Z][A-Za-z0-9]+)\\b");

    final CloudFormationTemplate template = CloudFormationTemplate.loadProjectTemplate();
    final String text;
    private final Map<String, Object> markers = new HashMap<>();

    ProjectTemplate() {
        try {
            text = Files.readString(ProjectPaths.templateFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String id : template.resourceIds()) {
            markers.put(id, marker(id));
        }
        Matcher attributes = ATTRIBUTE_REFERENCE.matcher(text);
        while (attributes.find()) {
            if (template.resourceIds().contains(attributes.group(1))) {
                markers.put(attributes.group(), marker(attributes.group()));
            }
        }
        markers.put("AWS::Region", REGION);
        markers.put("AWS::AccountId", ACCOUNT);
        markers.put("AWS::Partition", "aws");
        markers.put("AWS::StackName", STACK);
        markers.put("AWS::URLSuffix", "amazonaws.com");
    }

    static String marker(String reference) {
        return "{" + reference + "}";
    }

    /** {@code value} resolved for these parameters, references to this stack's resources as markers. */
    Object resolve(Object value, Map<String, Object> parameters) {
        return template.resolve(value, parameters, markers);
    }

    /** The resource's properties resolved; the resource must exist for these parameters. */
    @SuppressWarnings("unchecked")
    Map<String, Object> properties(String logicalId, Map<String, Object> parameters) {
        if (!template.exists(logicalId, parameters)) {
            throw new AssertionError(logicalId + " does not exist for " + parameters);
        }
        return (Map<String, Object>) resolve(template.properties(logicalId), parameters);
    }

    /** Logical ids of the resources of a type that exist for these parameters. */
    List<String> idsOfType(String type, Map<String, Object> parameters) {
        return template.resourcesOfType(type).stream()
                .map(CloudFormationTemplate.Resource::logicalId)
                .filter(id -> template.exists(id, parameters))
                .toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> items ? (List<Object>) items : List.of(value);
    }
}
