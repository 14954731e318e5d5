package io.medsum.cli.api;

import java.net.URI;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Where the CLI points: the API (URL and auth) and, for operators, the queue pair, the audit trail and the events log.
 *
 * @param sqs null when no queue access was resolved (API-only commands)
 * @param logs null when no log group is known (an API URL without a stack)
 * @param eventsLogGroup every notification published; null when not known (an API URL without a stack, or a local stack
 *     of a version before notifications)
 */
public record Target(
        URI apiUrl,
        ApiAuth auth,
        String queueUrl,
        String dlqUrl,
        SqsClient sqs,
        CloudWatchLogsClient logs,
        String auditLogGroup,
        String eventsLogGroup)
        implements AutoCloseable {

    /** Without an events log group. */
    public Target(
            URI apiUrl,
            ApiAuth auth,
            String queueUrl,
            String dlqUrl,
            SqsClient sqs,
            CloudWatchLogsClient logs,
            String auditLogGroup) {
        this(apiUrl, auth, queueUrl, dlqUrl, sqs, logs, auditLogGroup, null);
    }

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

    public CloudWatchLogsClient requireEventsLog() {
        if (logs == null || eventsLogGroup == null) {
            throw new IllegalStateException("No events log group: run against ./medsum local (restarted since "
                    + "notifications came), or pass --stack NAME for a deployed stack");
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
