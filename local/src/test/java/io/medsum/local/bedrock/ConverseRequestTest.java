package io.medsum.local.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConverseRequestTest {
    /** A model small enough to reach its limits with short requests: 100 tokens of context, 30 of output. */
    private static final FoundationModel SMALL = new FoundationModel(
            "example.small-v1:0",
            "Small",
            "Example",
            ModelLifecycle.ACTIVE,
            100,
            30,
            List.of("TEXT"),
            FoundationModel.LifecycleDates.UNKNOWN,
            Set.of());

    private static ConverseRequest request(String userText, Integer maxTokens) throws InvalidModelRequestException {
        String config = maxTokens == null ? "" : ",\"inferenceConfig\":{\"maxTokens\":" + maxTokens + "}";
        return ConverseRequest.parse(
                ("{\"system\":[{\"text\":\"Be brief.\"}],\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\""
                                + userText + "\"}]}]" + config + "}")
                        .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsInstructionsConversationAndMaxTokens() throws Exception {
        ConverseRequest request = request("Fever.", 20);

        assertThat(request).isEqualTo(new ConverseRequest("Be brief.", "Fever.", 20));
        assertThat(request.inputTokens())
                .isEqualTo(SummarizingModel.estimateTokens("Be brief.".length() + "Fever.".length()));
    }

    @Test
    void defaultsMaxTokensWhenTheRequestSetsNone() throws Exception {
        assertThat(request("Fever.", null).maxTokens()).isEqualTo(SummarizingModel.DEFAULT_MAX_TOKENS);
    }

    @Test
    void acceptsMaxTokensUpToTheOutputLimitAndRefusesOneMore() throws Exception {
        ConverseRequest atLimit = request("Fever.", 30);
        ConverseRequest overLimit = request("Fever.", 31);

        assertThatNoException().isThrownBy(() -> atLimit.requireWithinLimitsOf(SMALL));
        assertThatThrownBy(() -> overLimit.requireWithinLimitsOf(SMALL))
                .isInstanceOf(InvalidModelRequestException.class)
                .hasMessage("The maximum tokens you requested exceeds the model limit of 30."
                        + " Try again with a maximum tokens value that is lower than 30.");
    }

    @Test
    void acceptsInputThatFillsTheContextWindowExactlyAndRefusesOneTokenMore() throws Exception {
        // "Be brief." (9) + user text: 70 input tokens = 280 characters; with 30 for output, 100 in all.
        ConverseRequest fits = request("x".repeat(280 - 9), 30);
        ConverseRequest overflows = request("x".repeat(280 - 9 + 1), 30);

        assertThat(fits.inputTokens()).isEqualTo(70);
        assertThatNoException().isThrownBy(() -> fits.requireWithinLimitsOf(SMALL));
        assertThatThrownBy(() -> overflows.requireWithinLimitsOf(SMALL))
                .hasMessage("Input is too long for requested model.");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{}",
                "[]",
                "not json",
                "{\"messages\":[]}",
                "{\"messages\":[{\"role\":\"assistant\",\"content\":[{\"text\":\"x\"}]}]}",
                "{\"messages\":[{\"role\":\"user\",\"content\":[]}]}",
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"image\":{}}]}]}",
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"x\"}]}],\"inferenceConfig\":{\"maxTokens\":0}}",
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"x\"}]}],\"system\":\"x\"}"
            })
    void refusesMalformedRequests(String body) {
        assertThatThrownBy(() -> ConverseRequest.parse(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidModelRequestException.class);
    }
}
