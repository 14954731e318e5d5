package io.medsum.local.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LifecycleOverrideTest {
    private static final Instant SINCE = Instant.parse("2026-12-02T10:00:00Z");
    private final ModelCatalog catalog = ModelCatalog.standard();
    private final FoundationModel active =
            catalog.foundationModel("amazon.nova-lite-v1:0").orElseThrow();

    @Test
    void legacyStartsNowWithPublicExtendedAccessAfterThreeMonthsAndEndOfLifeAfterSix() {
        FoundationModel legacy = new LifecycleOverride(ModelLifecycle.LEGACY, SINCE).applyTo(active);

        assertThat(legacy.lifecycle()).isEqualTo(ModelLifecycle.LEGACY);
        assertThat(legacy.dates())
                .isEqualTo(new FoundationModel.LifecycleDates(
                        active.dates().startOfLife(),
                        SINCE,
                        Instant.parse("2027-03-02T10:00:00Z"),
                        Instant.parse("2027-06-02T10:00:00Z")));
        assertThat(legacy.maxOutputTokens()).isEqualTo(active.maxOutputTokens());
    }

    @Test
    void endOfLifeEndsNow() {
        FoundationModel retired = new LifecycleOverride(ModelLifecycle.END_OF_LIFE, SINCE).applyTo(active);

        assertThat(retired.lifecycle()).isEqualTo(ModelLifecycle.END_OF_LIFE);
        assertThat(retired.dates().endOfLife()).isEqualTo(SINCE);
    }

    @Test
    void activeChangesNothing() {
        assertThat(new LifecycleOverride(ModelLifecycle.ACTIVE, SINCE).applyTo(active))
                .isEqualTo(active);
    }

    @Test
    void modelsAlreadyLegacyOrRetiredKeepTheirState() {
        for (FoundationModel model : catalog.models()) {
            if (model.lifecycle() != ModelLifecycle.ACTIVE) {
                assertThat(new LifecycleOverride(ModelLifecycle.END_OF_LIFE, SINCE).applyTo(model))
                        .isEqualTo(model);
                assertThat(new LifecycleOverride(ModelLifecycle.ACTIVE, SINCE).applyTo(model))
                        .isEqualTo(model);
            }
        }
    }
}
