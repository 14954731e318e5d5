package io.medsum.local.infra;

/** The names, URLs and ARNs of the table and queues created on the local stand-ins. */
public record ProvisionedResources(String tableName, String queueUrl, String queueArn, String dlqUrl, String dlqArn) {}
