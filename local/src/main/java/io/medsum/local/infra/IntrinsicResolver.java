package io.medsum.local.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates the few intrinsics a local stack needs: {@code Ref}, {@code Fn::GetAtt}, {@code Fn::Sub}
 * and {@code Fn::Join}. Everything else (conditions, {@code Fn::If}, {@code Fn::ImportValue}, ...)
 * depends on a real deployment and is reported as {@link UnresolvableValueException} rather than
 * guessed.
 *
 * <p>Names are looked up in order: the parameter values (template defaults already merged with
 * overrides), then the supplied reference values, keyed by logical id for {@code Ref}, by
 * {@code Id.Attribute} for {@code Fn::GetAtt}, and by pseudo parameter name ({@code AWS::Region}).
 */
final class IntrinsicResolver {

    /** {@code ${Name}}, {@code ${Id.Attr}}, {@code ${AWS::Region}}; {@code ${!Literal}} is an escape. */
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private final Map<String, Object> parameterValues;
    private final Map<String, Object> refValues;

    IntrinsicResolver(Map<String, ?> parameterValues, Map<String, ?> refValues) {
        this.parameterValues = Map.copyOf(parameterValues);
        this.refValues = Map.copyOf(refValues);
    }

    /** The value with every intrinsic evaluated; maps and lists are copied, scalars returned as is. */
    Object resolve(Object value) {
        if (value instanceof Intrinsic intrinsic) {
            return evaluate(intrinsic);
        }
        var longForm = Intrinsic.fromLongForm(value);
        if (longForm.isPresent()) {
            return evaluate(longForm.get());
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> resolved = new LinkedHashMap<>();
            map.forEach((key, item) -> resolved.put(key, resolve(item)));
            return resolved;
        }
        if (value instanceof List<?> list) {
            List<Object> resolved = new ArrayList<>(list.size());
            list.forEach(item -> resolved.add(resolve(item)));
            return resolved;
        }
        return value;
    }

    private Object evaluate(Intrinsic intrinsic) {
        return switch (intrinsic.name()) {
            case "Ref" -> lookUpRef(asString(intrinsic, intrinsic.value()), intrinsic);
            case "Fn::GetAtt" -> lookUpAttribute(getAttName(intrinsic), intrinsic);
            case "Fn::Sub" -> substitute(intrinsic);
            case "Fn::Join" -> join(intrinsic);
            default -> throw new UnresolvableValueException("Cannot resolve " + intrinsic
                    + " locally: only Ref, GetAtt, Sub and Join are evaluated outside CloudFormation");
        };
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
            return asString(intrinsic, parts.get(0)) + "." + asString(intrinsic, resolve(parts.get(1)));
        }
        return asString(intrinsic, intrinsic.value());
    }

    private String substitute(Intrinsic intrinsic) {
        String text;
        Map<String, Object> variables = new LinkedHashMap<>();
        if (intrinsic.value() instanceof List<?> parts && parts.size() == 2 && parts.get(1) instanceof Map<?, ?> vars) {
            text = asString(intrinsic, parts.get(0));
            vars.forEach((name, item) -> variables.put(String.valueOf(name), resolve(item)));
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
        if (!(resolve(parts.get(1)) instanceof List<?> values)) {
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
        if (value instanceof Map<?, ?> || value instanceof List<?> || value == null) {
            throw new UnresolvableValueException("Cannot use " + value + " as text in " + context);
        }
        return String.valueOf(value);
    }
}
