package io.medsum.local.bedrock;

/**
 * The Bedrock control-plane reads the stand-in serves, used to watch a model's lifecycle: {@code GET
 * /foundation-models/{modelIdentifier}} and {@code GET /inference-profiles/{inferenceProfileIdentifier}}.
 */
enum ControlPlaneOperation {
    GET_FOUNDATION_MODEL("foundation-models"),
    GET_INFERENCE_PROFILE("inference-profiles");

    private final String collection;

    ControlPlaneOperation(String collection) {
        this.collection = collection;
    }

    /** The first path segment, naming the resource collection. */
    String collection() {
        return collection;
    }
}
