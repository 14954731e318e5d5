package io.medsum.local.bedrock;

import static io.medsum.local.bedrock.BedrockTestClients.NOVA_PROFILE;
import static io.medsum.local.bedrock.BedrockTestClients.text;
import static io.medsum.local.bedrock.SampleReport.DELIMITED;
import static io.medsum.local.bedrock.SampleReport.REPORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.medsum.worker.summary.ExtractiveSummarizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/** Which model ids Converse serves, within which limits, and the stop-reason switch. */
class ConverseModelsTest {
    private static final String NOVA_MICRO = "amazon.nova-micro-v1:0";
    private static final String LEGACY_EXAMPLE = "anthropic.claude-3-haiku-20240307-v1:0";

    private LocalBedrockServer server;
    private BedrockRuntimeClient client;

    @BeforeEach
    void start() {
        server = LocalBedrockServer.start();
        client = BedrockTestClients.clientFor(server);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private ConverseResponse converse(String modelId, String userText, int maxTokens) {
        return BedrockTestClients.converse(client, modelId, userText, maxTokens);
    }

    @Nested
    class ModelIdentifiers {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "amazon.nova-micro-v1:0",
                    "amazon.nova-lite-v1:0",
                    "amazon.nova-pro-v1:0",
                    "amazon.nova-2-lite-v1:0",
                    "us.amazon.nova-2-lite-v1:0",
                    "eu.amazon.nova-lite-v1:0",
                    "apac.amazon.nova-pro-v1:0",
                    "global.amazon.nova-2-lite-v1:0",
                    "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0",
                    "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-2-lite-v1:0",
                    "anthropic.claude-3-haiku-20240307-v1:0",
                    "us.anthropic.claude-3-haiku-20240307-v1:0"
                })
        void servesEveryModelThatHasNotReachedItsEndOfLifeByIdProfileOrArn(String modelId) {
            assertThat(text(converse(modelId, DELIMITED, 100))).contains("pneumonia");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "test-model",
                    "amazon.nova-2-lite-v1",
                    "amazon.nova-2-lite-v1:1",
                    "us.amazon.titan-text-express-v1",
                    "global.anthropic.claude-3-haiku-20240307-v1:0",
                    "xx.amazon.nova-lite-v1:0",
                    "arn:aws:bedrock:us-east-1:123456789012:foundation-model/amazon.nova-micro-v1:0",
                    "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123"
                })
        void answersAnUnknownModelIdWithResourceNotFound(String modelId) {
            ResourceNotFoundException e =
                    catchThrowableOfType(ResourceNotFoundException.class, () -> converse(modelId, DELIMITED, 100));

            assertThat(e.statusCode()).isEqualTo(404);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The provided model identifier is invalid.");
            assertThat(server.counters().rejectedCalls()).isEqualTo(1);
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "amazon.titan-text-express-v1",
                    "amazon.titan-text-lite-v1",
                    "amazon.titan-text-premier-v1:0",
                    "arn:aws:bedrock:eu-west-1::foundation-model/amazon.titan-text-express-v1"
                })
        void answersAModelPastItsEndOfLifeAsBedrockDoesToday(String modelId) {
            ResourceNotFoundException e =
                    catchThrowableOfType(ResourceNotFoundException.class, () -> converse(modelId, DELIMITED, 100));

            assertThat(e.statusCode()).isEqualTo(404);
            assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo(
                            "This model version has reached the end of its life. Please refer to the AWS documentation for more details.");
        }
    }

    @Nested
    class ModelLimits {
        @Test
        void acceptsMaxTokensUpToTheModelsOutputLimit() {
            assertThat(converse(NOVA_MICRO, DELIMITED, 10_000).stopReason()).isEqualTo(StopReason.END_TURN);
            assertThat(converse(NOVA_PROFILE, DELIMITED, 65_535).stopReason()).isEqualTo(StopReason.END_TURN);
        }

        @Test
        void refusesMaxTokensAboveTheModelsOutputLimit() {
            ValidationException e =
                    catchThrowableOfType(ValidationException.class, () -> converse(NOVA_MICRO, DELIMITED, 10_001));

            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo("The maximum tokens you requested exceeds the model limit of 10000."
                            + " Try again with a maximum tokens value that is lower than 10000.");
        }

        @Test
        void refusesInputThatWithMaxTokensOverflowsTheContextWindow() {
            // About 120,000 input tokens: with 10,000 more for the answer, over Nova Micro's 128,000 but well within
            // Nova 2 Lite's 1,000,000.
            String longReport = "<report>\n" + (REPORT + " ").repeat(480_000 / REPORT.length()) + "\n</report>";

            ValidationException e =
                    catchThrowableOfType(ValidationException.class, () -> converse(NOVA_MICRO, longReport, 10_000));

            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Input is too long for requested model.");
            assertThat(converse(NOVA_PROFILE, longReport, 10_000).usage().inputTokens())
                    .isGreaterThan(118_000);
        }
    }

    @Nested
    class StopReasonSwitch {
        private final String naturalAnswer = new ExtractiveSummarizer().summarize(REPORT, 4_000 * 4);

        @Test
        void forcedMaxTokensCutsTheAnswerAndSpendsTheWholeBudgetEvenWhenItWouldHaveFit() {
            server.faults().stopReason(ModelStopReason.MAX_TOKENS);

            ConverseResponse response = converse(NOVA_PROFILE, DELIMITED, 4_000);

            assertThat(response.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
            assertThat(response.usage().outputTokens()).isEqualTo(4_000);
            assertThat(response.usage().totalTokens())
                    .isEqualTo(response.usage().inputTokens() + 4_000);
            assertThat(naturalAnswer).startsWith(text(response));
            assertThat(text(response)).isNotEmpty().hasSizeLessThan(naturalAnswer.length());
        }

        @Test
        void forcedEndTurnEndsEvenAnAnswerTheBudgetCut() {
            server.faults().stopReason(ModelStopReason.END_TURN);

            ConverseResponse response =
                    converse(NOVA_PROFILE, "Bilateral patchy airspace opacities in both lower lobes.", 3);

            assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
            assertThat(text(response)).hasSizeLessThanOrEqualTo(12);
        }

        @ParameterizedTest
        @EnumSource(
                value = ModelStopReason.class,
                names = {"CONTENT_FILTERED", "GUARDRAIL_INTERVENED"})
        void aBlockedAnswerIsAShortRefusalInsteadOfTheSummary(ModelStopReason reason) {
            server.faults().stopReason(reason);

            ConverseResponse response = converse(NOVA_PROFILE, DELIMITED, 500);

            assertThat(response.stopReasonAsString()).isEqualTo(reason.wireName());
            assertThat(text(response)).isNotBlank().doesNotContain("pneumonia", "cough");
            assertThat(response.usage().outputTokens()).isBetween(1, 20);
        }

        @Test
        void naturalRestoresTheModelsOwnStopReason() {
            server.faults().stopReason(ModelStopReason.GUARDRAIL_INTERVENED).naturalStopReason();

            ConverseResponse response = converse(NOVA_PROFILE, DELIMITED, 4_000);

            assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
            assertThat(text(response)).isEqualTo(naturalAnswer);
        }
    }

    @Nested
    class LifecycleSwitch {
        @Test
        void endOfLifeRetiresEveryActiveModelButLeavesALegacyOneServing() {
            server.faults().modelLifecycle(ModelLifecycle.END_OF_LIFE);

            ResourceNotFoundException e =
                    catchThrowableOfType(ResourceNotFoundException.class, () -> converse(NOVA_PROFILE, DELIMITED, 100));

            assertThat(e.awsErrorDetails().errorMessage())
                    .startsWith("This model version has reached the end of its life.");
            assertThat(text(converse(LEGACY_EXAMPLE, DELIMITED, 100))).contains("pneumonia");
        }

        @Test
        void legacyKeepsServing() {
            server.faults().modelLifecycle(ModelLifecycle.LEGACY);

            assertThat(text(converse(NOVA_PROFILE, DELIMITED, 100))).contains("pneumonia");
        }

        @Test
        void theCatalogueStateReturnsWhenTheOverrideIsRemoved() {
            server.faults().modelLifecycle(ModelLifecycle.END_OF_LIFE).catalogModelLifecycle();

            assertThat(text(converse(NOVA_PROFILE, DELIMITED, 100))).contains("pneumonia");
        }
    }
}
