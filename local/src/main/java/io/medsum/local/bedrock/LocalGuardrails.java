package io.medsum.local.bedrock;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The guardrails the stand-in knows, as the local stack creates them from template.yaml's
 * {@code AWS::Bedrock::Guardrail} (contextual grounding only), each with its published version 1 and its DRAFT. Calls
 * to any other id or version are answered ResourceNotFoundException, as Bedrock does.
 */
public final class LocalGuardrails {
    /** A guardrail: id, and the GROUNDING filter's threshold. */
    public record Guardrail(String id, double groundingThreshold) {}

    public static final String PUBLISHED_VERSION = "1";

    private final Map<String, Guardrail> byId = new ConcurrentHashMap<>();
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicReference<BedrockError> injectedError = new AtomicReference<>();
    private final LongAdder applyCalls = new LongAdder();

    /** Creates a guardrail with a GROUNDING filter at this threshold; its id is lower-case letters and digits. */
    public Guardrail create(double groundingThreshold) {
        if (!(groundingThreshold >= 0 && groundingThreshold < 1)) {
            throw new IllegalArgumentException("A grounding threshold lies within 0..0.99");
        }
        Guardrail guardrail = new Guardrail("localgr" + created.incrementAndGet(), groundingThreshold);
        byId.put(guardrail.id(), guardrail);
        return guardrail;
    }

    Optional<Guardrail> find(String id, String version) {
        if (!PUBLISHED_VERSION.equals(version) && !"DRAFT".equals(version)) {
            return Optional.empty();
        }
        return Optional.ofNullable(byId.get(id));
    }

    /** Answers every ApplyGuardrail call with this error until cleared (null), to rehearse a failing check. */
    public void failWith(BedrockError error) {
        injectedError.set(error);
    }

    Optional<BedrockError> injectedError() {
        return Optional.ofNullable(injectedError.get());
    }

    void recordCall() {
        applyCalls.increment();
    }

    /** ApplyGuardrail calls received, answered or not. */
    public long applyCalls() {
        return applyCalls.sum();
    }
}
