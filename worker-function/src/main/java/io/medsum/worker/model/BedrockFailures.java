package io.medsum.worker.model;

import io.medsum.common.domain.FailureCode;
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

/** Classifies Bedrock failures by SDK exception type and error code, never by message text. */
public final class BedrockFailures {
    private BedrockFailures() {}

    public static FailureCode classify(Throwable error) {
        if (error instanceof ThrottlingException || error instanceof ServiceQuotaExceededException) {
            return FailureCode.MODEL_THROTTLED;
        }
        if (error instanceof ModelTimeoutException
                || error instanceof ApiCallTimeoutException
                || error instanceof ApiCallAttemptTimeoutException) {
            return FailureCode.MODEL_TIMEOUT;
        }
        if (error instanceof InternalServerException
                || error instanceof ServiceUnavailableException
                || error instanceof ModelErrorException
                || error instanceof ModelNotReadyException) {
            return FailureCode.MODEL_UNAVAILABLE;
        }
        if (error instanceof AccessDeniedException) {
            return FailureCode.MODEL_ACCESS_DENIED;
        }
        if (error instanceof ResourceNotFoundException) {
            return FailureCode.MODEL_NOT_FOUND;
        }
        if (error instanceof ValidationException) {
            return FailureCode.MODEL_VALIDATION;
        }
        if (error instanceof AwsServiceException service) {
            return byStatusAndCode(service);
        }
        if (error instanceof SdkClientException) {
            return FailureCode.MODEL_TIMEOUT; // connection refused, reset, DNS: the network, not the request
        }
        return FailureCode.INTERNAL_ERROR;
    }

    private static FailureCode byStatusAndCode(AwsServiceException e) {
        String code = e.awsErrorDetails() == null
                ? ""
                : String.valueOf(e.awsErrorDetails().errorCode());
        int status = e.statusCode();
        if (status == 429 || code.contains("Throttl") || code.equals("TooManyRequestsException")) {
            return FailureCode.MODEL_THROTTLED;
        }
        if (status >= 500) {
            return FailureCode.MODEL_UNAVAILABLE;
        }
        if (status == 403 || code.equals("UnrecognizedClientException") || code.equals("ExpiredTokenException")) {
            return FailureCode.MODEL_ACCESS_DENIED;
        }
        if (status == 404) {
            return FailureCode.MODEL_NOT_FOUND;
        }
        return FailureCode.MODEL_VALIDATION;
    }
}
