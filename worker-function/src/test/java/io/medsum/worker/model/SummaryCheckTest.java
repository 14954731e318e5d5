package io.medsum.worker.model;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medsum.common.domain.FailureCode;
import io.medsum.common.ports.SummaryModel.ModelException;
import org.junit.jupiter.api.Test;

class SummaryCheckTest {
    private final SummaryCheck check = new SummaryCheck(10);

    @Test
    void acceptsABoundedSummary() {
        assertThatCode(() -> check.verify("Short summary.")).doesNotThrowAnyException();
    }

    @Test
    void rejectsBlankAndOversizedOutput() {
        assertThatThrownBy(() -> check.verify("  \n"))
                .isInstanceOf(ModelException.class)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((ModelException) e).code())
                        .isEqualTo(FailureCode.MODEL_OUTPUT_INVALID));
        assertThatThrownBy(() -> check.verify(null)).isInstanceOf(ModelException.class);
        assertThatThrownBy(() -> check.verify("x".repeat(81))).isInstanceOf(ModelException.class);
    }
}
