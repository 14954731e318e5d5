package io.medsum.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parsesObjects() throws Exception {
        assertThat(Json.parse("{\"a\": [1, 2]}").path("a").size()).isEqualTo(2);
    }

    @Test
    void rejectsDuplicateKeys() {
        assertThatThrownBy(() -> Json.parse("{\"text\":\"a\",\"text\":\"b\"}"))
                .isInstanceOf(Json.InvalidJsonException.class)
                .hasMessageContaining("duplicate");
    }

    @Test
    void rejectsTrailingTokensAndTruncation() {
        assertThatThrownBy(() -> Json.parse("{\"a\":1} {\"b\":2}")).isInstanceOf(Json.InvalidJsonException.class);
        assertThatThrownBy(() -> Json.parse("{\"a\": \"unterminated")).isInstanceOf(Json.InvalidJsonException.class);
        assertThatThrownBy(() -> Json.parse("")).isInstanceOf(Json.InvalidJsonException.class);
    }

    @Test
    void rejectsDeepNesting() {
        String deep = "[".repeat(1000) + "]".repeat(1000);
        assertThatThrownBy(() -> Json.parse(deep))
                .isInstanceOf(Json.InvalidJsonException.class)
                .hasMessageContaining("nested");
    }

    @Test
    void errorMessagesNeverQuoteTheInput() {
        String canary = "CANARY_PATIENT_NAME";
        assertThatThrownBy(() -> Json.parse("{\"text\": " + canary + "}"))
                .isInstanceOf(Json.InvalidJsonException.class)
                .hasMessageNotContaining(canary)
                .hasMessageContaining("line 1");
    }
}
