package io.medsum.cli;

/**
 * What a finished report means for a script that ran {@code --wait}: 0 SUCCESS, 4 NEEDS_REVIEW (a summary exists but a
 * person must look at it first), 3 FAILED. 1 stays "something went wrong before an outcome".
 */
final class ExitCodes {
    static final int SUCCESS = 0;
    static final int UNFINISHED_OR_ERROR = 1;
    static final int FAILED = 3;
    static final int NEEDS_REVIEW = 4;

    private ExitCodes() {}

    static int of(String status) {
        return switch (status) {
            case "SUCCESS" -> SUCCESS;
            case "NEEDS_REVIEW" -> NEEDS_REVIEW;
            default -> FAILED;
        };
    }
}
