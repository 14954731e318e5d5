package io.medsum.common.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Typed access to a function's environment. Handlers in Lambda read {@link System#getenv()}; the local stack and tests
 * pass their own map, so several stacks can live in one JVM.
 */
public final class Settings {
    private final Map<String, String> env;
    private final List<ExecutionInterceptor> sdkInterceptors;
    /** Every name looked up, set or not: the template contract test compares it with what template.yaml sets. */
    private final Set<String> namesRead = ConcurrentHashMap.newKeySet();

    public Settings(Map<String, String> env) {
        this(env, List.of());
    }

    /**
     * @param sdkInterceptors added to every SDK client built from these settings: none in Lambda; the local stack
     *     passes its request counter when a test or a benchmark counts the functions' AWS requests
     */
    public Settings(Map<String, String> env, List<ExecutionInterceptor> sdkInterceptors) {
        this.env = Map.copyOf(env);
        this.sdkInterceptors = List.copyOf(sdkInterceptors);
    }

    public static Settings fromSystemEnvironment() {
        return new Settings(System.getenv());
    }

    public Map<String, String> asMap() {
        return env;
    }

    public List<ExecutionInterceptor> sdkInterceptors() {
        return sdkInterceptors;
    }

    /** The names this instance was asked for so far, whether or not they were set. */
    public Set<String> namesRead() {
        return new TreeSet<>(namesRead);
    }

    public Optional<String> optional(String name) {
        namesRead.add(name);
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String required(String name) {
        return optional(name)
                .orElseThrow(() -> new IllegalStateException("Environment variable " + name + " is not set"));
    }

    public String string(String name, String fallback) {
        return optional(name).orElse(fallback);
    }

    public int integer(String name, int fallback) {
        return optional(name).map(v -> parseInt(name, v)).orElse(fallback);
    }

    /** {@code true} or {@code false} (any case); anything else fails fast, like a malformed integer. */
    public boolean flag(String name, boolean fallback) {
        return optional(name)
                .map(value -> switch (value.toLowerCase(Locale.ROOT)) {
                    case "true" -> true;
                    case "false" -> false;
                    default ->
                        throw new IllegalStateException("Environment variable " + name + " must be true or false");
                })
                .orElse(fallback);
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Environment variable " + name + " must be an integer", e);
        }
    }
}
