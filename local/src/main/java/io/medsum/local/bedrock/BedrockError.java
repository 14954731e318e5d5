package io.medsum.local.bedrock;

import java.util.Arrays;

/**
 * The error shapes of the Bedrock Runtime API that the stand-in can answer with, each with the HTTP status the service
 * model assigns to it, so the SDK maps it to the same exception class as in AWS. The control-plane reads answer with
 * the same shapes, which the Bedrock (control plane) SDK client maps to its own classes of the same names.
 */
public enum BedrockError {
    THROTTLING("throttling", 429, "ThrottlingException", "Too many requests, please wait before trying again."),
    INTERNAL_SERVER("server", 500, "InternalServerException", "An internal server error occurred. Retry your request."),
    SERVICE_UNAVAILABLE(
            "unavailable",
            503,
            "ServiceUnavailableException",
            "The service is temporarily unable to handle the request. Retry your request."),
    VALIDATION(
            "validation",
            400,
            "ValidationException",
            "Malformed input request, please reformat your input and try again."),
    ACCESS_DENIED(
            "access-denied",
            403,
            "AccessDeniedException",
            "You don't have access to the model with the specified model ID."),
    MODEL_NOT_FOUND("model-not-found", 404, "ResourceNotFoundException", "The provided model identifier is invalid."),
    MODEL_TIMEOUT(
            "timeout",
            408,
            "ModelTimeoutException",
            "Model has timed out in processing the request. Try your request again."),
    /** Bedrock's answer while a model is being brought up to serve (the SDK itself may retry it). */
    MODEL_NOT_READY(
            "not-ready",
            429,
            "ModelNotReadyException",
            "The model is not ready to serve inference requests. Try your request again later.");

    /** What Bedrock answers, as a ResourceNotFoundException, for a model past its end of life. */
    public static final String END_OF_LIFE_MESSAGE = "This model version has reached the end of its life. "
            + "Please refer to the AWS documentation for more details.";

    /** Coral services suffix the error type with their namespace; the SDK keeps the part before ':'. */
    private static final String ERROR_TYPE_NAMESPACE = ":http://internal.amazon.com/coral/com.amazon.bedrock/";

    private final String switchName;
    private final int httpStatus;
    private final String errorType;
    private final String defaultMessage;

    BedrockError(String switchName, int httpStatus, String errorType, String defaultMessage) {
        this.switchName = switchName;
        this.httpStatus = httpStatus;
        this.errorType = errorType;
        this.defaultMessage = defaultMessage;
    }

    /** The name used by the fault switches ({@code --model-error access-denied}). */
    public String switchName() {
        return switchName;
    }

    public static BedrockError fromSwitchName(String name) {
        for (BedrockError error : values()) {
            if (error.switchName.equalsIgnoreCase(name) || error.name().equalsIgnoreCase(name)) {
                return error;
            }
        }
        throw new IllegalArgumentException("Unknown model error '" + name + "'; use one of " + switchNames());
    }

    public static String switchNames() {
        return String.join(
                ", ", Arrays.stream(values()).map(BedrockError::switchName).toList());
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The shape name, which is also the simple name of the SDK exception class. */
    public String errorType() {
        return errorType;
    }

    public String defaultMessage() {
        return defaultMessage;
    }

    /** The value of the {@code x-amzn-ErrorType} response header, as the service sends it. */
    String errorTypeHeader() {
        return errorType + ERROR_TYPE_NAMESPACE;
    }
}
