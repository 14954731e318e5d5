package io.medsum.worker.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.common.domain.FailureCode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

class BedrockFailuresTest {

    static Stream<Arguments> exceptions() {
        return Stream.of(
                Arguments.of(ThrottlingException.builder().build(), FailureCode.MODEL_THROTTLED),
                Arguments.of(ServiceQuotaExceededException.builder().build(), FailureCode.MODEL_THROTTLED),
                Arguments.of(ModelTimeoutException.builder().build(), FailureCode.MODEL_TIMEOUT),
                Arguments.of(ApiCallTimeoutException.create(1000), FailureCode.MODEL_TIMEOUT),
                Arguments.of(ApiCallAttemptTimeoutException.create(1000), FailureCode.MODEL_TIMEOUT),
                Arguments.of(SdkClientException.create("connection refused"), FailureCode.MODEL_TIMEOUT),
                Arguments.of(InternalServerException.builder().build(), FailureCode.MODEL_UNAVAILABLE),
                Arguments.of(ServiceUnavailableException.builder().build(), FailureCode.MODEL_UNAVAILABLE),
                Arguments.of(ModelErrorException.builder().build(), FailureCode.MODEL_UNAVAILABLE),
                Arguments.of(ModelNotReadyException.builder().build(), FailureCode.MODEL_UNAVAILABLE),
                Arguments.of(AccessDeniedException.builder().build(), FailureCode.MODEL_ACCESS_DENIED),
                Arguments.of(ResourceNotFoundException.builder().build(), FailureCode.MODEL_NOT_FOUND),
                Arguments.of(ValidationException.builder().build(), FailureCode.MODEL_VALIDATION),
                Arguments.of(generic(429, "SomethingNew"), FailureCode.MODEL_THROTTLED),
                Arguments.of(generic(400, "ThrottledByProxy"), FailureCode.MODEL_THROTTLED),
                Arguments.of(generic(502, "BadGateway"), FailureCode.MODEL_UNAVAILABLE),
                Arguments.of(generic(403, "UnrecognizedClientException"), FailureCode.MODEL_ACCESS_DENIED),
                Arguments.of(generic(404, "NotFound"), FailureCode.MODEL_NOT_FOUND),
                Arguments.of(generic(400, "SerializationException"), FailureCode.MODEL_VALIDATION),
                Arguments.of(new IllegalStateException("bug"), FailureCode.INTERNAL_ERROR));
    }

    private static AwsServiceException generic(int status, String code) {
        return AwsServiceException.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
                .build();
    }

    @ParameterizedTest
    @MethodSource("exceptions")
    void classifiesByTypeAndCode(Throwable error, FailureCode expected) {
        assertThat(BedrockFailures.classify(error)).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("exceptions")
    void neverReadsTheMessage(Throwable ignored, FailureCode expected) {
        // A throttling word inside a validation error's message must not change the verdict.
        var tricky = ValidationException.builder()
                .message("ThrottlingException: Too many requests")
                .build();
        assertThat(BedrockFailures.classify(tricky)).isEqualTo(FailureCode.MODEL_VALIDATION);
    }

    @ParameterizedTest
    @MethodSource("exceptions")
    void kindsFollowTheDocumentedPolicy(Throwable error, FailureCode code) {
        switch (code) {
            case MODEL_THROTTLED, MODEL_TIMEOUT, MODEL_UNAVAILABLE, INTERNAL_ERROR ->
                assertThat(code.kind()).isEqualTo(FailureCode.Kind.TRANSIENT);
            case MODEL_ACCESS_DENIED, MODEL_NOT_FOUND ->
                assertThat(code.kind()).isEqualTo(FailureCode.Kind.CONFIGURATION);
            default -> assertThat(code.kind()).isEqualTo(FailureCode.Kind.PERMANENT);
        }
    }
}
