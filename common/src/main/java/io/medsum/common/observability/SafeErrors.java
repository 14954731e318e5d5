package io.medsum.common.observability;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Describes an exception for logs by its type and AWS error code only. Exception messages are never logged: parsers and
 * some services quote their input, and input here is patient data.
 */
public final class SafeErrors {
    private SafeErrors() {}

    public static String describe(Throwable error) {
        if (error == null) {
            return "none";
        }
        StringBuilder text = new StringBuilder(error.getClass().getSimpleName());
        if (error instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            text.append(" (")
                    .append(service.awsErrorDetails().errorCode())
                    .append(", HTTP ")
                    .append(service.statusCode())
                    .append(')');
        }
        if (error.getCause() != null && error.getCause() != error) {
            text.append(" caused by ").append(error.getCause().getClass().getSimpleName());
        }
        return text.toString();
    }
}
