package io.medsum.cli.api;

import java.net.URI;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Where the CLI points: the API (URL and auth) and, for operators, the queue pairs (reports, notifications), the audit
 * trail and the events log.
 *
 * @param sqs null when no queue access was resolved (API-only commands)
 * @param logs null when no log group is known (an API URL without a stack)
 * @param notificationsQueueUrl null when not known (a local stack from before notifications, or no stack)
 * @param notificationsDlqUrl null when not known, likewise
 * @param eventsLogGroup every notification published; null when not known, likewise
 */
public record Target(
        URI apiUrl,
        ApiAuth auth,
        String queueUrl,
        String dlqUrl,
        SqsClient sqs,
        CloudWatchLogsClient logs,
        String auditLogGroup,
        String notificationsQueueUrl,
        String notificationsDlqUrl,
        String eventsLogGroup)
        implements AutoCloseable {

    /** A target without notification queues or events log (API and reports-queue commands). */
    public Target(
            URI apiUrl,
            ApiAuth auth,
            String queueUrl,
            String dlqUrl,
            SqsClient sqs,
            CloudWatchLogsClient logs,
            String auditLogGroup) {
        this(apiUrl, auth, queueUrl, dlqUrl, sqs, logs, auditLogGroup, null, null, null);
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

    /**
     * The notifications dead-letter queue ({@code ./medsum webhooks failures}); its URL is
     * {@link #notificationsDlqUrl}.
     */
    public SqsClient requireNotificationsDlq() {
        if (sqs == null) {
            throw new IllegalStateException(
                    "No queue URLs: run against ./medsum local, or pass --stack NAME for a deployed stack");
        }
        if (notificationsDlqUrl == null) {
            throw new IllegalStateException("No notifications dead-letter queue: the stack has no NotificationsDlqUrl"
                    + " output, or the local stack's local.json has no notificationsDlqUrl (restart ./medsum local)");
        }
        return sqs;
    }

    /** The notifications queue, where a redrive sends messages back. */
    public String requireNotificationsQueueUrl() {
        if (notificationsQueueUrl == null) {
            throw new IllegalStateException("No notifications queue: the local stack's local.json has no"
                    + " notificationsQueueUrl (restart ./medsum local), or no --stack was given");
        }
        return notificationsQueueUrl;
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
