package io.medsum.local.bedrock;

/**
 * A request the model cannot take, answered with ValidationException. The message goes back to the caller and must
 * never quote the request body, since the body is patient text.
 */
final class InvalidModelRequestException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidModelRequestException(String message) {
        super(message, null, false, false);
    }
}
