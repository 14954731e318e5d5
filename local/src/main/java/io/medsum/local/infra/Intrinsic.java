package io.medsum.local.infra;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A CloudFormation intrinsic function or condition reference as written in the template, e.g. {@code !Ref
 * MaxReceiveCount} or {@code !GetAtt ReportsDlq.Arn}, kept unevaluated.
 *
 * @param name the long-form name: {@code Ref}, {@code Condition} or {@code Fn::Xxx}; the short-form tag {@code !GetAtt}
 *     and the long form {@code {"Fn::GetAtt": ...}} give the same name
 * @param value the argument as YAML gives it: a String, a List or a Map (may contain intrinsics)
 */
record Intrinsic(String name, Object value) {

    /** The short-form tags CloudFormation accepts, without the leading {@code !}. */
    static final Set<String> SHORT_FORM_TAGS = Set.of(
            "Ref",
            "Condition",
            "GetAtt",
            "Sub",
            "If",
            "Equals",
            "Not",
            "And",
            "Or",
            "Select",
            "Join",
            "Split",
            "FindInMap",
            "ImportValue",
            "Base64",
            "GetAZs",
            "Cidr");

    /** {@code Ref} → {@code Ref}, {@code GetAtt} → {@code Fn::GetAtt}. */
    static Intrinsic fromShortForm(String tag, Object value) {
        String name = tag.equals("Ref") || tag.equals("Condition") ? tag : "Fn::" + tag;
        return new Intrinsic(name, value);
    }

    /** A one-entry map such as {@code {"Ref": "X"}} or {@code {"Fn::Sub": "..."}} read as an intrinsic. */
    static Optional<Intrinsic> fromLongForm(Object value) {
        if (value instanceof Map<?, ?> map
                && map.size() == 1
                && map.keySet().iterator().next() instanceof String key
                && (key.equals("Ref") || key.startsWith("Fn::"))) {
            return Optional.of(new Intrinsic(key, map.get(key)));
        }
        return Optional.empty();
    }

    /** How it reads in the template's short form, for messages: {@code !GetAtt ReportsDlq.Arn}. */
    @Override
    public String toString() {
        return "!" + name.replace("Fn::", "") + " " + value;
    }
}
