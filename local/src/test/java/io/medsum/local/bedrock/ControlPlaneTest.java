package io.medsum.local.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.FoundationModelDetails;
import software.amazon.awssdk.services.bedrock.model.FoundationModelLifecycle;
import software.amazon.awssdk.services.bedrock.model.FoundationModelLifecycleStatus;
import software.amazon.awssdk.services.bedrock.model.GetInferenceProfileResponse;
import software.amazon.awssdk.services.bedrock.model.InferenceProfileModel;
import software.amazon.awssdk.services.bedrock.model.InferenceProfileStatus;
import software.amazon.awssdk.services.bedrock.model.InferenceProfileType;
import software.amazon.awssdk.services.bedrock.model.InferenceType;
import software.amazon.awssdk.services.bedrock.model.ModelModality;
import software.amazon.awssdk.services.bedrock.model.ResourceNotFoundException;

/** GetFoundationModel and GetInferenceProfile through the real BedrockClient, on the runtime's port. */
class ControlPlaneTest {
    private static final String NOVA_2_LITE = "amazon.nova-2-lite-v1:0";
    private static final String END_OF_LIFE_MESSAGE =
            "This model version has reached the end of its life. Please refer to the AWS documentation for more details.";

    private LocalBedrockServer server;
    private BedrockClient bedrock;

    @BeforeEach
    void start() {
        server = LocalBedrockServer.start();
        bedrock = BedrockTestClients.controlPlaneClientFor(server, Region.US_WEST_2);
    }

    @AfterEach
    void stop() {
        bedrock.close();
        server.close();
    }

    private FoundationModelDetails foundationModel(String modelIdentifier) {
        return bedrock.getFoundationModel(r -> r.modelIdentifier(modelIdentifier))
                .modelDetails();
    }

    private ResourceNotFoundException foundationModelNotFound(String modelIdentifier) {
        return catchThrowableOfType(ResourceNotFoundException.class, () -> foundationModel(modelIdentifier));
    }

    @Nested
    class GetFoundationModel {
        @Test
        void describesAnActiveModelWithItsArnInTheCallersRegion() {
            FoundationModelDetails details = foundationModel(NOVA_2_LITE);

            assertThat(details.modelArn())
                    .isEqualTo("arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-2-lite-v1:0");
            assertThat(details.modelId()).isEqualTo(NOVA_2_LITE);
            assertThat(details.modelName()).isEqualTo("Nova 2 Lite");
            assertThat(details.providerName()).isEqualTo("Amazon");
            assertThat(details.inputModalities()).contains(ModelModality.TEXT);
            assertThat(details.outputModalities()).containsExactly(ModelModality.TEXT);
            assertThat(details.responseStreamingSupported()).isTrue();
            assertThat(details.hasCustomizationsSupported()).isTrue();
            assertThat(details.inferenceTypesSupported()).containsExactly(InferenceType.ON_DEMAND);
            FoundationModelLifecycle lifecycle = details.modelLifecycle();
            assertThat(lifecycle.status()).isEqualTo(FoundationModelLifecycleStatus.ACTIVE);
            assertThat(lifecycle.startOfLifeTime()).isEqualTo(Instant.parse("2025-12-02T00:00:00Z"));
            assertThat(lifecycle.legacyTime()).isNull();
            assertThat(lifecycle.endOfLifeTime()).isNull();
        }

        @Test
        void acceptsAFoundationModelArn() {
            assertThat(foundationModel("arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0")
                            .modelName())
                    .isEqualTo("Nova Micro");
        }

        @Test
        void reportsALegacyModelWithItsDates() {
            FoundationModelLifecycle lifecycle =
                    foundationModel("anthropic.claude-3-haiku-20240307-v1:0").modelLifecycle();

            assertThat(lifecycle.status()).isEqualTo(FoundationModelLifecycleStatus.LEGACY);
            assertThat(lifecycle.legacyTime()).isBefore(lifecycle.publicExtendedAccessTime());
            assertThat(lifecycle.publicExtendedAccessTime()).isBefore(lifecycle.endOfLifeTime());
        }

        @ParameterizedTest
        @ValueSource(
                strings = {"amazon.titan-text-express-v1", "amazon.titan-text-lite-v1", "amazon.titan-text-premier-v1:0"
                })
        void answersAModelPastItsEndOfLifeWithResourceNotFound(String modelId) {
            ResourceNotFoundException e = foundationModelNotFound(modelId);

            assertThat(e.statusCode()).isEqualTo(404);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(END_OF_LIFE_MESSAGE);
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "test-model",
                    "us.amazon.nova-2-lite-v1:0",
                    "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-2-lite-v1:0"
                })
        void answersAnUnknownIdOrAnInferenceProfileWithResourceNotFound(String modelIdentifier) {
            ResourceNotFoundException e = foundationModelNotFound(modelIdentifier);

            assertThat(e.statusCode()).isEqualTo(404);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The provided model identifier is invalid.");
        }
    }

    @Nested
    class GetInferenceProfile {
        @Test
        void describesASystemDefinedProfileAndTheModelsItRoutesTo() {
            GetInferenceProfileResponse profile =
                    bedrock.getInferenceProfile(r -> r.inferenceProfileIdentifier("us." + NOVA_2_LITE));

            assertThat(profile.inferenceProfileId()).isEqualTo("us.amazon.nova-2-lite-v1:0");
            assertThat(profile.inferenceProfileArn())
                    .isEqualTo("arn:aws:bedrock:us-west-2:123456789012:inference-profile/us.amazon.nova-2-lite-v1:0");
            assertThat(profile.inferenceProfileName()).isEqualTo("US Nova 2 Lite");
            assertThat(profile.description()).contains("Nova 2 Lite");
            assertThat(profile.models())
                    .extracting(InferenceProfileModel::modelArn)
                    .containsExactly(
                            "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-2-lite-v1:0",
                            "arn:aws:bedrock:us-east-2::foundation-model/amazon.nova-2-lite-v1:0",
                            "arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-2-lite-v1:0");
            assertThat(profile.status()).isEqualTo(InferenceProfileStatus.ACTIVE);
            assertThat(profile.type()).isEqualTo(InferenceProfileType.SYSTEM_DEFINED);
            assertThat(profile.createdAt()).isEqualTo(Instant.parse("2025-12-02T00:00:00Z"));
            assertThat(profile.updatedAt()).isAfterOrEqualTo(profile.createdAt());
        }

        @Test
        void acceptsAProfileArnAndEveryGeography() {
            assertThat(bedrock.getInferenceProfile(
                                    r -> r.inferenceProfileIdentifier(
                                            "arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.amazon.nova-lite-v1:0"))
                            .models())
                    .isNotEmpty()
                    .allSatisfy(
                            model -> assertThat(model.modelArn()).endsWith("::foundation-model/amazon.nova-lite-v1:0"));
            for (String geography : new String[] {"us", "eu", "apac", "global"}) {
                assertThat(bedrock.getInferenceProfile(
                                        r -> r.inferenceProfileIdentifier(geography + ".amazon.nova-pro-v1:0"))
                                .inferenceProfileId())
                        .isEqualTo(geography + ".amazon.nova-pro-v1:0");
            }
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "amazon.nova-2-lite-v1:0",
                    "us.amazon.titan-text-express-v1",
                    "xx.amazon.nova-lite-v1:0",
                    "us.test-model"
                })
        void answersAnUnknownProfileWithResourceNotFound(String profileIdentifier) {
            ResourceNotFoundException e = catchThrowableOfType(
                    ResourceNotFoundException.class,
                    () -> bedrock.getInferenceProfile(r -> r.inferenceProfileIdentifier(profileIdentifier)));

            assertThat(e.statusCode()).isEqualTo(404);
        }
    }

    @Nested
    class LifecycleSwitch {
        @Test
        void legacyReportsLegacySinceNowWithAnEndOfLifeSixMonthsLater() {
            Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            server.faults().modelLifecycle(ModelLifecycle.LEGACY);
            Instant after = Instant.now();

            FoundationModelLifecycle lifecycle = foundationModel(NOVA_2_LITE).modelLifecycle();

            assertThat(lifecycle.status()).isEqualTo(FoundationModelLifecycleStatus.LEGACY);
            assertThat(lifecycle.legacyTime()).isBetween(before, after);
            assertThat(lifecycle.publicExtendedAccessTime()).isEqualTo(monthsAfter(lifecycle.legacyTime(), 3));
            assertThat(lifecycle.endOfLifeTime()).isEqualTo(monthsAfter(lifecycle.legacyTime(), 6));
            assertThat(lifecycle.startOfLifeTime()).isEqualTo(Instant.parse("2025-12-02T00:00:00Z"));
        }

        @Test
        void endOfLifeMakesGetFoundationModelAnswerResourceNotFoundButKeepsTheProfileReadable() {
            server.faults().modelLifecycle(ModelLifecycle.END_OF_LIFE);

            assertThat(foundationModelNotFound(NOVA_2_LITE).awsErrorDetails().errorMessage())
                    .isEqualTo(END_OF_LIFE_MESSAGE);
            assertThat(bedrock.getInferenceProfile(r -> r.inferenceProfileIdentifier("us." + NOVA_2_LITE))
                            .models())
                    .hasSize(3);
        }

        @Test
        void onlyActiveModelsAreOverridden() {
            server.faults().modelLifecycle(ModelLifecycle.END_OF_LIFE);

            assertThat(foundationModel("anthropic.claude-3-haiku-20240307-v1:0")
                            .modelLifecycle()
                            .status())
                    .isEqualTo(FoundationModelLifecycleStatus.LEGACY);
        }

        @Test
        void clearingTheFaultsRestoresTheCatalogueState() {
            server.faults().modelLifecycle(ModelLifecycle.LEGACY);

            server.faults().clear();

            assertThat(foundationModel(NOVA_2_LITE).modelLifecycle().status())
                    .isEqualTo(FoundationModelLifecycleStatus.ACTIVE);
        }
    }

    @Test
    void controlPlaneReadsAreCountedApartFromModelCalls() {
        foundationModel(NOVA_2_LITE);
        foundationModelNotFound("test-model");
        bedrock.getInferenceProfile(r -> r.inferenceProfileIdentifier("us." + NOVA_2_LITE));

        CallCounters counters = server.counters();
        assertThat(counters.controlPlaneCalls(ControlPlaneOperation.GET_FOUNDATION_MODEL))
                .isEqualTo(2);
        assertThat(counters.controlPlaneCalls(ControlPlaneOperation.GET_INFERENCE_PROFILE))
                .isEqualTo(1);
        assertThat(counters.totalCalls()).isZero();

        counters.reset();
        assertThat(counters.controlPlaneCalls(ControlPlaneOperation.GET_FOUNDATION_MODEL))
                .isZero();
    }

    @Test
    void theFaultSwitchesOfTheModelLeaveTheControlPlaneAlone() {
        server.faults().errorRate(1.0).errorKind(BedrockError.THROTTLING).latencyMs(5_000);

        long started = System.nanoTime();
        assertThat(foundationModel(NOVA_2_LITE).modelId()).isEqualTo(NOVA_2_LITE);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    }

    private static Instant monthsAfter(Instant instant, int months) {
        return instant.atOffset(ZoneOffset.UTC).plusMonths(months).toInstant();
    }
}
