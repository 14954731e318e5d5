package io.medsum.local.bedrock;

import java.util.Arrays;
import java.util.Optional;

/**
 * The lifecycle states of a Bedrock model. The API only ever reports ACTIVE or LEGACY: an END_OF_LIFE model is gone,
 * and every call naming it fails with ResourceNotFoundException.
 */
public enum ModelLifecycle {
    ACTIVE("active"),
    LEGACY("legacy"),
    END_OF_LIFE("end-of-life");

    /** The switch value that removes an override, leaving each model in its catalogue state. */
    public static final String CATALOG_SWITCH = "catalog";

    private final String switchName;

    ModelLifecycle(String switchName) {
        this.switchName = switchName;
    }

    /** The name used by the fault switches ({@code --model-lifecycle end-of-life}). */
    public String switchName() {
        return switchName;
    }

    /** A switch value: one of {@link #switchNames()}, or {@value #CATALOG_SWITCH} for no override. */
    public static Optional<ModelLifecycle> fromSwitchName(String name) {
        if (CATALOG_SWITCH.equalsIgnoreCase(name)) {
            return Optional.empty();
        }
        for (ModelLifecycle lifecycle : values()) {
            if (lifecycle.switchName.equalsIgnoreCase(name) || lifecycle.name().equalsIgnoreCase(name)) {
                return Optional.of(lifecycle);
            }
        }
        throw new IllegalArgumentException("Unknown model lifecycle '" + name + "'; use one of " + switchNames());
    }

    public static String switchNames() {
        return String.join(
                        ", ",
                        Arrays.stream(values()).map(ModelLifecycle::switchName).toList()) + ", " + CATALOG_SWITCH;
    }
}
