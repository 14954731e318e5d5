package io.medsum.local.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A CloudFormation / SAM template read as plain data, with intrinsics kept as {@link Intrinsic} values, plus a small
 * resolver for the intrinsics a local stack can evaluate.
 */
public final class CloudFormationTemplate {

    private final Map<String, Object> root;

    private CloudFormationTemplate(Map<String, Object> root) {
        this.root = root;
    }

    /** The project's template.yaml (see {@link ProjectPaths#templateFile()}). */
    public static CloudFormationTemplate loadProjectTemplate() {
        return load(ProjectPaths.templateFile());
    }

    public static CloudFormationTemplate load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read template " + file, e);
        }
    }

    public static CloudFormationTemplate parse(String yaml) {
        return new CloudFormationTemplate(CloudFormationYaml.parse(yaml));
    }

    /** A resource: its logical id, its {@code Type} and its {@code Properties} (empty if it has none). */
    public record Resource(String logicalId, String type, Map<String, Object> properties) {
        public Resource {
            properties = Collections.unmodifiableMap(properties);
        }
    }

    public Set<String> resourceIds() {
        return Collections.unmodifiableSet(section("Resources").keySet());
    }

    public Optional<Resource> findResource(String logicalId) {
        Object definition = section("Resources").get(logicalId);
        if (definition == null) {
            return Optional.empty();
        }
        Map<String, Object> resource = asMap(definition, "Resources." + logicalId);
        return Optional.of(new Resource(
                logicalId,
                String.valueOf(resource.get("Type")),
                optionalMap(resource.get("Properties"), logicalId + ".Properties")));
    }

    public Resource resource(String logicalId) {
        return findResource(logicalId)
                .orElseThrow(() -> new IllegalArgumentException(
                        "The template has no resource '" + logicalId + "'; it has " + resourceIds()));
    }

    /** The resource's whole definition: Type, Properties and attributes such as DependsOn, Condition and Metadata. */
    public Map<String, Object> definition(String logicalId) {
        resource(logicalId);
        return Collections.unmodifiableMap(asMap(section("Resources").get(logicalId), "Resources." + logicalId));
    }

    /** The resource's Properties. */
    public Map<String, Object> properties(String logicalId) {
        return resource(logicalId).properties();
    }

    /** Resources of one type in template order, e.g. {@code AWS::Serverless::Function}. */
    public List<Resource> resourcesOfType(String type) {
        return resourceIds().stream()
                .map(this::resource)
                .filter(resource -> resource.type().equals(type))
                .toList();
    }

    public Set<String> parameterNames() {
        return Collections.unmodifiableSet(section("Parameters").keySet());
    }

    /** A parameter's definition (Type, Default, MinValue, AllowedValues, ...) as YAML typed it. */
    public Map<String, Object> parameter(String name) {
        Object definition = section("Parameters").get(name);
        if (definition == null) {
            throw new IllegalArgumentException("The template has no parameter '" + name + "'");
        }
        return Collections.unmodifiableMap(asMap(definition, "Parameters." + name));
    }

    /** Each parameter that declares a Default, with that default as YAML typed it. */
    public Map<String, Object> parameterDefaults() {
        Map<String, Object> defaults = new LinkedHashMap<>();
        section("Parameters").forEach((name, definition) -> {
            Map<String, Object> parameter = optionalMap(definition, "Parameters." + name);
            if (parameter.containsKey("Default")) {
                defaults.put(name, parameter.get("Default"));
            }
        });
        return Collections.unmodifiableMap(defaults);
    }

    /**
     * Every parameter's value as CloudFormation passes it (a string): the override if given, else the default. Unknown
     * override names and parameters left without a value are errors.
     *
     * <p>Allowed values and min/max constraints are deliberately not enforced: tests override values (e.g. a smaller
     * MaxReceiveCount) that a deployment would reject.
     */
    public Map<String, String> parameterValues(Map<String, String> overrides) {
        Set<String> unknown = new TreeSet<>(overrides.keySet());
        unknown.removeAll(parameterNames());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "Unknown template parameter(s) " + unknown + "; the template declares " + parameterNames());
        }
        Map<String, Object> defaults = parameterDefaults();
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : parameterNames()) {
            Object value = overrides.containsKey(name) ? overrides.get(name) : defaults.get(name);
            if (value == null) {
                throw new IllegalArgumentException("Template parameter '" + name + "' has no Default; pass a value");
            }
            values.put(name, String.valueOf(value));
        }
        return Collections.unmodifiableMap(values);
    }

    /** A {@code Globals} section, e.g. {@code globals("Function")}; empty if absent. */
    public Map<String, Object> globals(String resourceKind) {
        return Collections.unmodifiableMap(
                optionalMap(section("Globals").get(resourceKind), "Globals." + resourceKind));
    }

    /**
     * Evaluates the intrinsics in {@code value} (see {@link IntrinsicResolver}): {@code Ref} to a parameter gives its
     * value ({@code parameterValues} overrides the default), {@code Ref} to anything else and {@code GetAtt Id.Attr}
     * give the entry of {@code refValues} named {@code Id} or {@code Id.Attr}; {@code Sub} substitutes both, and pseudo
     * parameters such as {@code AWS::StackName} come from either map. Conditions ({@code Fn::If} and friends) are
     * evaluated from the parameter values; {@code Ref AWS::NoValue} drops its map entry or list item and is
     * {@code null} alone.
     *
     * @throws UnresolvableValueException naming what could not be resolved
     */
    public Object resolve(Object value, Map<String, Object> parameterValues, Map<String, Object> refValues) {
        return resolver(parameterValues, refValues).resolve(value);
    }

    /** Whether the named entry of {@code Conditions} holds for these parameter values (defaults for the rest). */
    public boolean condition(String name, Map<String, Object> parameterValues) {
        return resolver(parameterValues, Map.of()).condition(name);
    }

    /** Whether a resource exists for these parameter values: it has no {@code Condition}, or its condition holds. */
    public boolean exists(String logicalId, Map<String, Object> parameterValues) {
        Object condition = asMap(section("Resources").get(logicalId), "Resources." + logicalId)
                .get("Condition");
        return condition == null || condition(String.valueOf(condition), parameterValues);
    }

    /** A resource's {@code Metadata} (e.g. SAM's BuildMethod); empty if it has none. */
    public Map<String, Object> metadata(String logicalId) {
        return Collections.unmodifiableMap(optionalMap(
                asMap(section("Resources").get(logicalId), "Resources." + logicalId)
                        .get("Metadata"),
                logicalId + ".Metadata"));
    }

    /** The {@code Outputs} section: output name to its definition. */
    public Map<String, Object> outputs() {
        return Collections.unmodifiableMap(section("Outputs"));
    }

    /**
     * Parameter values as {@code Ref} gives them: text, except list types (CommaDelimitedList, List&lt;...&gt;), which
     * CloudFormation hands over as lists of their comma-separated items.
     */
    private IntrinsicResolver resolver(Map<String, Object> parameterValues, Map<String, Object> refValues) {
        Map<String, Object> parameters = new LinkedHashMap<>(parameterDefaults());
        parameters.replaceAll((name, defaultValue) -> String.valueOf(defaultValue));
        parameters.putAll(parameterValues);
        parameters.replaceAll((name, value) ->
                isListParameter(name) && value instanceof String text ? List.of(text.split(",", -1)) : value);
        return new IntrinsicResolver(parameters, refValues, section("Conditions"));
    }

    private boolean isListParameter(String name) {
        Object definition = section("Parameters").get(name);
        if (definition == null) {
            return false;
        }
        String type = String.valueOf(asMap(definition, "Parameters." + name).get("Type"));
        return type.equals("CommaDelimitedList") || type.startsWith("List<");
    }

    private Map<String, Object> section(String name) {
        return optionalMap(root.get(name), name);
    }

    static Map<String, Object> optionalMap(Object value, String where) {
        return value == null ? Map.of() : asMap(value, where);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value, String where) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException("Template: " + where + " should be a mapping, got " + value);
    }
}
