package io.medsum.cli.api;

import java.net.URI;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Where the CLI points: the API (URL and auth) and, for operators, the queue pair.
 *
 * @param sqs null when no queue access was resolved (API-only commands)
 */
public record Target(URI apiUrl, ApiAuth auth, String queueUrl, String dlqUrl, SqsClient sqs) implements AutoCloseable {
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

    @Override
    public void close() {
        if (sqs != null) {
            sqs.close();
        }
    }
}
