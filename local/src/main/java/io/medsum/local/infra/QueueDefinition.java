package io.medsum.local.infra;

/**
 * An SQS queue as the template declares it. A null number means the template leaves the SQS default, so the local queue
 * leaves it too.
 *
 * @param redrivePolicy where messages go after too many receives, or null for none
 */
public record QueueDefinition(
        String logicalId,
        Integer visibilityTimeoutSeconds,
        Integer messageRetentionPeriodSeconds,
        RedrivePolicy redrivePolicy) {

    /** The dead-letter queue (by logical id) and the receive count that sends a message there. */
    public record RedrivePolicy(String deadLetterQueueLogicalId, int maxReceiveCount) {}
}
