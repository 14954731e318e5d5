package io.medsum.common.http;

import io.medsum.common.validation.FieldError;
import java.util.List;

/** An RFC 9457 problem detail. {@code detail} is written by us, never copied from input. */
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public Problem {
        errors = errors == null ? null : List.copyOf(errors);
    }

    public static Problem of(ProblemType type, String detail) {
        return new Problem(type.uri(), type.title(), type.status(), detail, null);
    }

    public static Problem validation(ProblemType type, String detail, List<FieldError> errors) {
        return new Problem(type.uri(), type.title(), type.status(), detail, errors);
    }
}
