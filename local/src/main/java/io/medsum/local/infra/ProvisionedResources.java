package io.medsum.local.infra;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the local stand-ins hold for the template, by logical id, as CloudFormation would report it: each resource's
 * {@code Ref} value (a table's or log group's or bus's name, a queue's URL, a secret's ARN) and its ARN. Accessors name
 * the resources the pipeline's own code and tests use most.
 */
public record ProvisionedResources(Map<String, PhysicalResource> byLogicalId) {

    public ProvisionedResources {
        byLogicalId = Collections.unmodifiableMap(new LinkedHashMap<>(byLogicalId));
    }

    /**
     * One provisioned resource.
     *
     * @param ref what {@code !Ref} gives: name, URL or ARN by resource type
     * @param arn what {@code !GetAtt Id.Arn} gives, or null where there is none
     * @param deadLetterQueueId for a queue with a RedrivePolicy, the logical id of its dead-letter queue, else null
     */
    public record PhysicalResource(String ref, String arn, String deadLetterQueueId) {
        public static PhysicalResource of(String ref, String arn) {
            return new PhysicalResource(ref, arn, null);
        }
    }

    /** Adds (or replaces) one resource. */
    public ProvisionedResources with(String logicalId, PhysicalResource resource) {
        Map<String, PhysicalResource> all = new LinkedHashMap<>(byLogicalId);
        all.put(logicalId, resource);
        return new ProvisionedResources(all);
    }

    public Optional<PhysicalResource> find(String logicalId) {
        return Optional.ofNullable(byLogicalId.get(logicalId));
    }

    public PhysicalResource resource(String logicalId) {
        return find(logicalId)
                .orElseThrow(() -> new IllegalArgumentException("Nothing was provisioned locally for '" + logicalId
                        + "'; provisioned: " + byLogicalId.keySet()));
    }

    /** The {@code !Ref} value of a provisioned resource. */
    public String ref(String logicalId) {
        return resource(logicalId).ref();
    }

    public String arn(String logicalId) {
        return resource(logicalId).arn();
    }

    /** The dead-letter queue's logical id of a queue with a RedrivePolicy. */
    public String deadLetterQueueOf(String queueLogicalId) {
        String id = resource(queueLogicalId).deadLetterQueueId();
        if (id == null) {
            throw new IllegalArgumentException(queueLogicalId + " has no dead-letter queue");
        }
        return id;
    }

    /** The reports table. */
    public String tableName() {
        return ref(TemplateSettings.TABLE_ID);
    }

    /** The reports queue, its ARN, and its dead-letter queue's. */
    public String queueUrl() {
        return ref(TemplateSettings.QUEUE_ID);
    }

    public String queueArn() {
        return arn(TemplateSettings.QUEUE_ID);
    }

    public String dlqUrl() {
        return ref(deadLetterQueueOf(TemplateSettings.QUEUE_ID));
    }

    public String dlqArn() {
        return arn(deadLetterQueueOf(TemplateSettings.QUEUE_ID));
    }

    /** The audit trail's log group, or null when it was not provisioned. */
    public String auditLogGroup() {
        return find(TemplateSettings.AUDIT_LOG_GROUP_ID)
                .map(PhysicalResource::ref)
                .orElse(null);
    }

    /** The listing cursors' HMAC key secret's ARN, or null when it was not provisioned. */
    public String cursorKeySecretArn() {
        return find(TemplateSettings.CURSOR_KEY_SECRET_ID)
                .map(PhysicalResource::ref)
                .orElse(null);
    }
}
