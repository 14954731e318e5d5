package io.medsum.local.bedrock;

import io.medsum.local.bedrock.FoundationModel.LifecycleDates;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A lifecycle forced on every ACTIVE catalogue model from {@code since} on; models the catalogue already has in LEGACY
 * or END_OF_LIFE keep their own state, as a real transition would never revive them.
 *
 * <p>LEGACY follows the lifecycle page's timeline from {@code since}: public extended access after 3 months, end of
 * life after 6.
 */
record LifecycleOverride(ModelLifecycle lifecycle, Instant since) {
    static final int MONTHS_TO_PUBLIC_EXTENDED_ACCESS = 3;
    static final int MONTHS_TO_END_OF_LIFE = 6;

    LifecycleOverride {
        Objects.requireNonNull(lifecycle, "lifecycle");
        Objects.requireNonNull(since, "since");
    }

    FoundationModel applyTo(FoundationModel model) {
        if (model.lifecycle() != ModelLifecycle.ACTIVE) {
            return model;
        }
        Instant startOfLife = model.dates().startOfLife();
        return switch (lifecycle) {
            case ACTIVE -> model;
            case LEGACY ->
                model.withLifecycle(
                        lifecycle,
                        new LifecycleDates(
                                startOfLife,
                                since,
                                monthsAfter(MONTHS_TO_PUBLIC_EXTENDED_ACCESS),
                                monthsAfter(MONTHS_TO_END_OF_LIFE)));
            case END_OF_LIFE -> model.withLifecycle(lifecycle, new LifecycleDates(startOfLife, null, null, since));
        };
    }

    private Instant monthsAfter(int months) {
        return since.atOffset(ZoneOffset.UTC).plusMonths(months).toInstant();
    }
}
