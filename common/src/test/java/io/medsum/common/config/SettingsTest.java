package io.medsum.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsTest {
    @Test
    void remembersEveryNameItWasAskedForSetOrNot() {
        Settings settings = new Settings(Map.of("TABLE_NAME", "t", "UNUSED", "x"));

        settings.required("TABLE_NAME");
        settings.integer("RETRY_CAP_SECONDS", 300);
        settings.flag("FALLBACK_SUMMARIZER", false);

        assertThat(settings.namesRead()).containsExactly("FALLBACK_SUMMARIZER", "RETRY_CAP_SECONDS", "TABLE_NAME");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "yes", "on", "ture", "0"})
    void aFlagThatIsNeitherTrueNorFalseFailsFastLikeABadInteger(String value) {
        Settings settings = new Settings(Map.of("FALLBACK_SUMMARIZER", value));

        assertThatThrownBy(() -> settings.flag("FALLBACK_SUMMARIZER", false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("FALLBACK_SUMMARIZER");
    }

    @Test
    void flagsReadTrueAndFalseInAnyCase() {
        Settings settings = new Settings(Map.of("A", "TRUE", "B", "False"));

        assertThat(settings.flag("A", false)).isTrue();
        assertThat(settings.flag("B", true)).isFalse();
        assertThat(settings.flag("C", true)).isTrue();
    }
}
