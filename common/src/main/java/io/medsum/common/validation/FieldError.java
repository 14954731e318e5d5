package io.medsum.common.validation;

/** One invalid field of a request: its JSON pointer-like path and why. Never contains the value. */
public record FieldError(String field, String message) {}
