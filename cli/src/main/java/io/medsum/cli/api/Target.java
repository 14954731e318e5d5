package io.medsum.cli.api;

import java.net.URI;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Where the CLI points: the API (URL and auth) and, for operators, the queue pair and the audit trail.
 *
 * @param sqs null when no queue access was resolved (API-only commands)
 * @param logs null when the audit log group is not known (an API URL without a stack)
 */
public record Target(
        URI apiUrl,
        ApiAuth auth,
        String queueUrl,
        String dlqUrl,
        SqsClient sqs,
        CloudWatchLogsClient logs,
        String auditLogGroup)
        implements AutoCloseable {
    public String describe() {
        return apiUrl.toString();
    }

    public SqsClient requireSqs() {
        if (sqs == null || dlqUrl == null) {
            throw new IllegalStateException(
                    "No queue URLs: run against ./medsum local, or pass --stack NAME for a deployed stack");
        }
        return sqs;
    }

    public CloudWatchLogsClient requireLogs() {
        if (logs == null || auditLogGroup == null) {
            throw new IllegalStateException(
                    "No audit log group: run against ./medsum local, or pass --stack NAME for a deployed stack");
        }
        return logs;
    }

    @Override
    public void close() {
        if (sqs != null) {
            sqs.close();
        }
        if (logs != null) {
            logs.close();
        }
    }
}
