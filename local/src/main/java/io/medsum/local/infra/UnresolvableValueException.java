package io.medsum.local.infra;

/** A template value the local resolver cannot evaluate, with the reason in the message. */
final class UnresolvableValueException extends IllegalArgumentException {

    UnresolvableValueException(String message) {
        super(message);
    }
}
