package io.medsum.local.adapters;

import io.medsum.common.aws.SqsWorkQueue;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportMessage;
import io.medsum.common.ports.WorkQueue;
import io.medsum.common.testing.WorkQueueContract;
import io.medsum.local.infra.ElasticMqServer;
import io.medsum.local.infra.LocalAwsClients;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The queue port on SQS (ElasticMQ): the contract the in-memory fake also passes. Fresh queues for every test. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqsWorkQueueContractTest extends WorkQueueContract {
    private ElasticMqServer elasticMq;
    private SqsClient sqs;
    private String queueUrl;
    private SqsWorkQueue queue;

    @BeforeAll
    void start() {
        elasticMq = ElasticMqServer.start();
        sqs = LocalAwsClients.sqs(elasticMq.endpoint());
    }

    @AfterAll
    void stop() {
        sqs.close();
        elasticMq.close();
    }

    @BeforeEach
    void freshQueues() {
        String name = "reports-" + UUID.randomUUID();
        queueUrl = sqs.createQueue(b -> b.queueName(name)).queueUrl();
        String dlqUrl = sqs.createQueue(b -> b.queueName(name + "-dlq")).queueUrl();
        queue = new SqsWorkQueue(sqs, queueUrl, dlqUrl);
    }

    @Override
    protected WorkQueue queue() {
        return queue;
    }

    @Override
    protected List<ReportKey> queuedReports() {
        List<ReportKey> keys = new ArrayList<>();
        while (true) {
            var messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                            .maxNumberOfMessages(10)
                            .visibilityTimeout(60)
                            .waitTimeSeconds(0))
                    .messages();
            if (messages.isEmpty()) {
                return keys;
            }
            messages.forEach(m -> keys.add(ReportMessage.decode(m.body()).orElseThrow()));
        }
    }
}
