package io.medsum.local.infra;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A SAM function with its Globals applied.
 *
 * @param handler {@code fully.qualified.Class::method}
 * @param environment Globals.Function.Environment.Variables overlaid with the function's own, values still unresolved
 *     (see {@link TemplateSettings#environment})
 */
public record FunctionDefinition(
        String logicalId, String handler, Duration timeout, int memorySizeMb, Map<String, Object> environment) {

    public FunctionDefinition {
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    }

    public String handlerClass() {
        int separator = handler.indexOf("::");
        return separator < 0 ? handler : handler.substring(0, separator);
    }

    /** The method after {@code ::}; Lambda's default {@code handleRequest} when the handler names none. */
    public String handlerMethod() {
        int separator = handler.indexOf("::");
        return separator < 0 ? "handleRequest" : handler.substring(separator + 2);
    }
}
