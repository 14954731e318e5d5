package io.medsum.status;

/**
 * Reads the configured model's lifecycle from Bedrock's control plane. Never throws: failures are {@code UNVERIFIED}.
 */
interface ModelLifecycleReader {
    ModelLifecycle read(String modelId);
}
