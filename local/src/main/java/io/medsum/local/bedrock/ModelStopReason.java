package io.medsum.local.bedrock;

import java.util.Arrays;
import java.util.Optional;

/** The Converse stop reasons the stand-in can be told to answer with, whatever the generation did. */
public enum ModelStopReason {
    END_TURN("end_turn"),
    MAX_TOKENS("max_tokens"),
    CONTENT_FILTERED("content_filtered"),
    GUARDRAIL_INTERVENED("guardrail_intervened");

    /** The switch value that removes a forced stop reason: end_turn, or max_tokens when the budget really ran out. */
    public static final String NATURAL_SWITCH = "natural";

    private final String wireName;

    ModelStopReason(String wireName) {
        this.wireName = wireName;
    }

    /** The value of Converse's {@code stopReason}, also the switch name ({@code --model-stop-reason max_tokens}). */
    public String wireName() {
        return wireName;
    }

    /** A switch value: one of {@link #switchNames()} ('-' for '_' accepted), or {@value #NATURAL_SWITCH}. */
    public static Optional<ModelStopReason> fromSwitchName(String name) {
        if (NATURAL_SWITCH.equalsIgnoreCase(name)) {
            return Optional.empty();
        }
        for (ModelStopReason reason : values()) {
            if (reason.wireName.equalsIgnoreCase(name.replace('-', '_'))) {
                return Optional.of(reason);
            }
        }
        throw new IllegalArgumentException("Unknown stop reason '" + name + "'; use one of " + switchNames());
    }

    public static String switchNames() {
        return String.join(
                        ", ",
                        Arrays.stream(values()).map(ModelStopReason::wireName).toList()) + ", " + NATURAL_SWITCH;
    }
}
