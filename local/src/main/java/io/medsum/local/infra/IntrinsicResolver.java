package io.medsum.local.infra;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates the intrinsics a local stack and the template tests need: {@code Ref}, {@code Fn::GetAtt}, {@code Fn::Sub},
 * {@code Fn::Join}, {@code Fn::Select}, {@code Fn::Split}, and conditions ({@code Fn::If}, {@code Fn::Equals},
 * {@code Fn::Not}, {@code Fn::And}, {@code Fn::Or}, {@code Condition}) evaluated from the template's {@code Conditions}
 * and the parameter values. Anything else ({@code Fn::ImportValue}, {@code Fn::GetAZs}, ...) depends on a real
 * deployment and is reported as {@link UnresolvableValueException} rather than guessed.
 *
 * <p>Names are looked up in order: the parameter values (template defaults already merged with overrides; list-typed
 * parameters as lists), then the supplied reference values, keyed by logical id for {@code Ref}, by
 * {@code Id.Attribute} for {@code Fn::GetAtt}, and by pseudo parameter name ({@code AWS::Region}). {@code Ref
 * AWS::NoValue} removes the map entry or list item it stands in, as in CloudFormation; at the top level it resolves to
 * {@code null}.
 */
final class IntrinsicResolver {

    /** {@code ${Name}}, {@code ${Id.Attr}}, {@code ${AWS::Region}}; {@code ${!Literal}} is an escape. */
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private static final String NO_VALUE_NAME = "AWS::NoValue";
    /** Stands for AWS::NoValue while resolving, so the enclosing map or list can drop it. */
    private static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return NO_VALUE_NAME;
        }
    };

    private final Map<String, Object> parameterValues;
    private final Map<String, Object> refValues;
    private final Map<String, Object> conditions;
    private final Map<String, Boolean> evaluatedConditions = new HashMap<>();
    private final Set<String> conditionsBeingEvaluated = new HashSet<>();

    IntrinsicResolver(Map<String, ?> parameterValues, Map<String, ?> refValues) {
        this(parameterValues, refValues, Map.of());
    }

    IntrinsicResolver(Map<String, ?> parameterValues, Map<String, ?> refValues, Map<String, ?> conditions) {
        this.parameterValues = Map.copyOf(parameterValues);
        this.refValues = Map.copyOf(refValues);
        this.conditions = Map.copyOf(conditions);
    }

    /** The value with every intrinsic evaluated; maps and lists are copied, scalars returned as is. */
    Object resolve(Object value) {
        Object resolved = resolveInner(value);
        return resolved == NO_VALUE ? null : resolved;
    }

    /** Whether the named entry of the template's {@code Conditions} holds for these parameter values. */
    boolean condition(String name) {
        Boolean known = evaluatedConditions.get(name);
        if (known != null) {
            return known;
        }
        if (!conditions.containsKey(name)) {
            throw new UnresolvableValueException(
                    "Unknown condition '" + name + "'; the template declares " + conditions.keySet());
        }
        if (!conditionsBeingEvaluated.add(name)) {
            throw new UnresolvableValueException("Condition '" + name + "' refers to itself");
        }
        boolean holds = truth(conditions.get(name), "condition " + name);
        conditionsBeingEvaluated.remove(name);
        evaluatedConditions.put(name, holds);
        return holds;
    }

    private Object resolveInner(Object value) {
        if (value instanceof Intrinsic intrinsic) {
            return evaluate(intrinsic);
        }
        var longForm = Intrinsic.fromLongForm(value);
        if (longForm.isPresent()) {
            return evaluate(longForm.get());
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> resolved = new LinkedHashMap<>();
            map.forEach((key, item) -> {
                Object itemValue = resolveInner(item);
                if (itemValue != NO_VALUE) {
                    resolved.put(key, itemValue);
                }
            });
            return resolved;
        }
        if (value instanceof List<?> list) {
            List<Object> resolved = new ArrayList<>(list.size());
            for (Object item : list) {
                Object itemValue = resolveInner(item);
                if (itemValue != NO_VALUE) {
                    resolved.add(itemValue);
                }
            }
            return resolved;
        }
        return value;
    }

    private Object evaluate(Intrinsic intrinsic) {
        return switch (intrinsic.name()) {
            case "Ref" ->
                NO_VALUE_NAME.equals(intrinsic.value())
                        ? NO_VALUE
                        : lookUpRef(asString(intrinsic, intrinsic.value()), intrinsic);
            case "Fn::GetAtt" -> lookUpAttribute(getAttName(intrinsic), intrinsic);
            case "Fn::Sub" -> substitute(intrinsic);
            case "Fn::Join" -> join(intrinsic);
            case "Fn::Select" -> select(intrinsic);
            case "Fn::Split" -> split(intrinsic);
            case "Fn::If" -> choose(intrinsic);
            case "Condition" -> condition(asString(intrinsic, intrinsic.value()));
            case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or" -> truth(intrinsic, intrinsic.toString());
            default ->
                throw new UnresolvableValueException(
                        "Cannot resolve " + intrinsic
                                + " locally: only Ref, GetAtt, Sub, Join, Select, Split and conditions are evaluated outside CloudFormation");
        };
    }

    /** A condition expression: Fn::Equals/Not/And/Or, a Condition reference, or a literal boolean. */
    private boolean truth(Object expression, String where) {
        if (expression instanceof Map<?, ?> map && map.size() == 1 && map.get("Condition") instanceof String name) {
            return condition(name); // the long form of !Condition Name
        }
        Intrinsic intrinsic = expression instanceof Intrinsic direct
                ? direct
                : Intrinsic.fromLongForm(expression).orElse(null);
        if (intrinsic == null) {
            Object value = resolveInner(expression);
            if (value instanceof Boolean bool) {
                return bool;
            }
            if ("true".equalsIgnoreCase(String.valueOf(value)) || "false".equalsIgnoreCase(String.valueOf(value))) {
                return Boolean.parseBoolean(String.valueOf(value));
            }
            throw new UnresolvableValueException("Not a condition in " + where + ": " + expression);
        }
        List<?> arguments = intrinsic.value() instanceof List<?> list ? list : List.of(intrinsic.value());
        return switch (intrinsic.name()) {
            case "Fn::Equals" -> {
                requireArguments(intrinsic, arguments, 2);
                yield scalarText(intrinsic, resolveInner(arguments.get(0)))
                        .equals(scalarText(intrinsic, resolveInner(arguments.get(1))));
            }
            case "Fn::Not" -> {
                requireArguments(intrinsic, arguments, 1);
                yield !truth(arguments.get(0), where);
            }
            case "Fn::And" -> arguments.stream().allMatch(argument -> truth(argument, where));
            case "Fn::Or" -> arguments.stream().anyMatch(argument -> truth(argument, where));
            case "Condition" -> condition(asString(intrinsic, intrinsic.value()));
            default -> throw new UnresolvableValueException("Not a condition in " + where + ": " + intrinsic);
        };
    }

    private Object choose(Intrinsic intrinsic) {
        if (!(intrinsic.value() instanceof List<?> parts) || parts.size() != 3) {
            throw new UnresolvableValueException("Malformed " + intrinsic + ": expected [condition, ifTrue, ifFalse]");
        }
        // Only the chosen branch is evaluated, as in CloudFormation: the other may name absent resources.
        return resolveInner(condition(asString(intrinsic, parts.get(0))) ? parts.get(1) : parts.get(2));
    }

    private Object select(Intrinsic intrinsic) {
        if (!(intrinsic.value() instanceof List<?> parts) || parts.size() != 2) {
            throw new UnresolvableValueException("Malformed " + intrinsic + ": expected [index, list]");
        }
        int index = Integer.parseInt(scalarText(intrinsic, resolveInner(parts.get(0))));
        if (!(resolveInner(parts.get(1)) instanceof List<?> values) || index < 0 || index >= values.size()) {
            throw new UnresolvableValueException(
                    "Cannot resolve " + intrinsic + ": index " + index + " is not in the list");
        }
        return values.get(index);
    }

    private List<String> split(Intrinsic intrinsic) {
        if (!(intrinsic.value() instanceof List<?> parts) || parts.size() != 2) {
            throw new UnresolvableValueException("Malformed " + intrinsic + ": expected [delimiter, text]");
        }
        String delimiter = asString(intrinsic, parts.get(0));
        String text = scalarText(intrinsic, resolveInner(parts.get(1)));
        // CloudFormation keeps empty pieces ("a,,b" gives three), which String.split would drop at the end.
        return Arrays.asList(text.split(Pattern.quote(delimiter), -1));
    }

    private static void requireArguments(Intrinsic intrinsic, List<?> arguments, int count) {
        if (arguments.size() != count) {
            throw new UnresolvableValueException("Malformed " + intrinsic + ": expected " + count + " argument(s)");
        }
    }

    private Object lookUpRef(String name, Intrinsic context) {
        if (parameterValues.containsKey(name)) {
            return parameterValues.get(name);
        }
        if (refValues.containsKey(name)) {
            return refValues.get(name);
        }
        throw new UnresolvableValueException("Cannot resolve " + context + ": '" + name
                + "' is neither a template parameter nor a supplied local value (supplied: "
                + refValues.keySet() + ")");
    }

    private Object lookUpAttribute(String idDotAttribute, Intrinsic context) {
        if (refValues.containsKey(idDotAttribute)) {
            return refValues.get(idDotAttribute);
        }
        throw new UnresolvableValueException("Cannot resolve " + context + ": no local value supplied for '"
                + idDotAttribute + "' (supplied: " + refValues.keySet() + ")");
    }

    /** {@code !GetAtt Id.Attr} (short form) or {@code [Id, Attr]} (long form) → {@code Id.Attr}. */
    private String getAttName(Intrinsic intrinsic) {
        if (intrinsic.value() instanceof List<?> parts && parts.size() == 2) {
            return asString(intrinsic, parts.get(0)) + "." + asString(intrinsic, resolveInner(parts.get(1)));
        }
        return asString(intrinsic, intrinsic.value());
    }

    private String substitute(Intrinsic intrinsic) {
        String text;
        Map<String, Object> variables = new LinkedHashMap<>();
        if (intrinsic.value() instanceof List<?> parts && parts.size() == 2 && parts.get(1) instanceof Map<?, ?> vars) {
            text = asString(intrinsic, parts.get(0));
            vars.forEach((name, item) -> variables.put(String.valueOf(name), resolveInner(item)));
        } else {
            text = asString(intrinsic, intrinsic.value());
        }
        Matcher matcher = SUB_VARIABLE.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1).trim();
            String replacement;
            if (name.startsWith("!")) {
                replacement = "${" + name.substring(1) + "}";
            } else if (variables.containsKey(name)) {
                replacement = scalarText(intrinsic, variables.get(name));
            } else if (name.contains(".") && !parameterValues.containsKey(name)) {
                replacement = scalarText(intrinsic, lookUpAttribute(name, intrinsic));
            } else {
                replacement = scalarText(intrinsic, lookUpRef(name, intrinsic));
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private String join(Intrinsic intrinsic) {
        if (!(intrinsic.value() instanceof List<?> parts) || parts.size() != 2) {
            throw new UnresolvableValueException("Malformed " + intrinsic + ": expected [delimiter, [values]]");
        }
        String delimiter = asString(intrinsic, parts.get(0));
        if (!(resolveInner(parts.get(1)) instanceof List<?> values)) {
            throw new UnresolvableValueException("Malformed " + intrinsic + ": the values are not a list");
        }
        List<String> texts = new ArrayList<>();
        values.forEach(item -> texts.add(scalarText(intrinsic, item)));
        return String.join(delimiter, texts);
    }

    private static String asString(Intrinsic context, Object value) {
        if (value instanceof String text) {
            return text;
        }
        throw new UnresolvableValueException("Malformed " + context + ": expected a name, got " + value);
    }

    private static String scalarText(Intrinsic context, Object value) {
        if (value instanceof Map<?, ?> || value instanceof List<?> || value == null || value == NO_VALUE) {
            throw new UnresolvableValueException("Cannot use " + value + " as text in " + context);
        }
        return String.valueOf(value);
    }
}
