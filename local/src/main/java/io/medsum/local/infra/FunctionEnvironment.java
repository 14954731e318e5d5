package io.medsum.local.infra;

import java.util.Map;

/**
 * A function's environment resolved for the local stack.
 *
 * @param variables name → value, ready to hand to the handler
 * @param unresolved variables left out because their value has no local equivalent: name → reason
 */
public record FunctionEnvironment(Map<String, String> variables, Map<String, String> unresolved) {

    public FunctionEnvironment {
        variables = Map.copyOf(variables);
        unresolved = Map.copyOf(unresolved);
    }
}
