package io.medsum.local.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.local.bedrock.SummarizingModel.Generation;
import org.junit.jupiter.api.Test;

class SummarizingModelTest {
    private final SummarizingModel model = new SummarizingModel();

    @Test
    void readsOnlyTheReportBetweenTheDelimiterLines() {
        assertThat(SummarizingModel.reportIn("Summarize this.\n<report>\nFever.\n</report>\nBe brief."))
                .isEqualTo("\nFever.\n");
    }

    @Test
    void readsTheWholePromptWithoutACompletePairOfDelimiters() {
        assertThat(SummarizingModel.reportIn("Fever.")).isEqualTo("Fever.");
        assertThat(SummarizingModel.reportIn("<report>\nFever.")).isEqualTo("<report>\nFever.");
    }

    @Test
    void boundsTheOutputByFourCharactersPerToken() {
        String report = "Fever and cough for three days. ".repeat(100);

        Generation generation = model.generate("", report, 10);

        assertThat(generation.text()).hasSizeLessThanOrEqualTo(40).isNotEmpty();
        assertThat(generation.outputTokens()).isBetween(1, 10);
    }

    @Test
    void estimatesTokensAsCharactersOverFourAndNeverZero() {
        assertThat(SummarizingModel.estimateTokens(0)).isEqualTo(1);
        assertThat(SummarizingModel.estimateTokens(4)).isEqualTo(1);
        assertThat(SummarizingModel.estimateTokens(5)).isEqualTo(2);
        assertThat(SummarizingModel.estimateTokens(Integer.MAX_VALUE)).isPositive();
    }

    @Test
    void instructionsCostInputTokensButAreNotSummarized() {
        Generation generation = model.generate("Summarize for a cardiologist.", "Chest pain at rest.", 100);

        assertThat(generation.text()).isEqualTo("Chest pain at rest.");
        assertThat(generation.inputTokens())
                .isEqualTo(SummarizingModel.estimateTokens(
                        "Summarize for a cardiologist.".length() + "Chest pain at rest.".length()));
        assertThat(generation.totalTokens()).isEqualTo(generation.inputTokens() + generation.outputTokens());
    }

    @Test
    void aHugeTokenBudgetDoesNotOverflow() {
        assertThat(model.generate("", "Stable.", Integer.MAX_VALUE).text()).isEqualTo("Stable.");
    }

    @Test
    void cuttingShortLeavesAStrictPrefixWithoutTheLastWord() {
        assertThat(SummarizingModel.cutShort("Right lower lobe pneumonia. Admit for ceftriaxone.  "))
                .isEqualTo("Right lower lobe pneumonia. Admit for");
        assertThat(SummarizingModel.cutShort("Pneumonia.")).isEqualTo("Pneum");
    }

    @Test
    void instructionsThatNameTheTagsAreNotMistakenForTheReport() {
        String prompt =
                "Summarize the report between the <report> and </report> tags.\n\n<report>\nFever.\n</report>\n\nSummary:";
        assertThat(SummarizingModel.reportIn(prompt)).isEqualTo("\nFever.\n");
    }
}
