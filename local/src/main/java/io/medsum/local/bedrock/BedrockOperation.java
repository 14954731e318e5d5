package io.medsum.local.bedrock;

/** The Bedrock Runtime operations the stand-in serves, with the last segment of their REST path. */
public enum BedrockOperation {
    CONVERSE("converse");

    private final String pathSuffix;

    BedrockOperation(String pathSuffix) {
        this.pathSuffix = pathSuffix;
    }

    String pathSuffix() {
        return pathSuffix;
    }
}
