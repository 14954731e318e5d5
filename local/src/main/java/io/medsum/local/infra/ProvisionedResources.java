package io.medsum.local.infra;

/**
 * The names, URLs and ARNs of what the local stand-ins hold for the template: the table and queues, and (from the
 * JSON-protocol stand-in) the audit log group and the cursor key's secret, null until provisioned.
 */
public record ProvisionedResources(
        String tableName,
        String queueUrl,
        String queueArn,
        String dlqUrl,
        String dlqArn,
        String auditLogGroup,
        String cursorKeySecretArn) {

    public ProvisionedResources(String tableName, String queueUrl, String queueArn, String dlqUrl, String dlqArn) {
        this(tableName, queueUrl, queueArn, dlqUrl, dlqArn, null, null);
    }

    public ProvisionedResources withServices(String auditLogGroup, String cursorKeySecretArn) {
        return new ProvisionedResources(
                tableName, queueUrl, queueArn, dlqUrl, dlqArn, auditLogGroup, cursorKeySecretArn);
    }
}
