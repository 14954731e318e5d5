package io.medsum.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
    @Test
    void remembersEveryNameItWasAskedForSetOrNot() {
        Settings settings = new Settings(Map.of("TABLE_NAME", "t", "UNUSED", "x"));

        settings.required("TABLE_NAME");
        settings.integer("RETRY_CAP_SECONDS", 300);
        settings.flag("FALLBACK_SUMMARIZER", false);

        assertThat(settings.namesRead()).containsExactly("FALLBACK_SUMMARIZER", "RETRY_CAP_SECONDS", "TABLE_NAME");
    }
}
