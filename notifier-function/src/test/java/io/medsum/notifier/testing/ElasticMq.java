package io.medsum.notifier.testing;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.medsum.common.aws.AwsClientFactory;
import io.medsum.common.config.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * ElasticMQ (an SQS wire-compatible server, as the local stack uses) on 127.0.0.1, with a real {@link SqsClient} built
 * the way the functions build theirs, and a small stand-in for Lambda's SQS event source mapping.
 */
public final class ElasticMq {
    /** Started once for all test classes (it takes seconds); stopped with the test JVM. */
    private static ElasticMq shared;

    private final SQSRestServer server;
    private final SqsClient sqs;

    /** The JVM's ElasticMQ; tests keep apart by creating their own queues. */
    public static synchronized ElasticMq shared() {
        if (shared == null) {
            shared = new ElasticMq();
            ElasticMq started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "elasticmq-stop"));
        }
        return shared;
    }

    private ElasticMq() {
        this.server = SQSRestServerBuilder.withDynamicPort()
                .withInterface("127.0.0.1")
                .withAWSRegion("eu-west-1")
                .withAWSAccountId("000000000000")
                .start();
        int port = server.waitUntilStarted().localAddress().getPort();
        this.sqs = new AwsClientFactory(new Settings(settings(URI.create("http://127.0.0.1:" + port))))
                .build(SqsClient.builder(), "SQS", Duration.ofSeconds(10));
    }

    /** What a function needs to reach this ElasticMQ. */
    public static Map<String, String> settings(URI endpoint) {
        return Map.of(
                "AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_ENDPOINT_URL_SQS", endpoint.toString());
    }

    public URI endpoint() {
        return URI.create(
                "http://127.0.0.1:" + server.waitUntilStarted().localAddress().getPort());
    }

    public SqsClient sqs() {
        return sqs;
    }

    /** Creates a queue; its URL. */
    public String createQueue(String name) {
        return sqs.createQueue(b -> b.queueName(name).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30")))
                .queueUrl();
    }

    /** Receives what is visible now (up to {@code max}, waiting up to {@code waitSeconds}), with all attributes. */
    public List<Message> receive(String queueUrl, int max, int waitSeconds) {
        return sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                        .maxNumberOfMessages(max)
                        .waitTimeSeconds(waitSeconds)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                        .messageAttributeNames("All"))
                .messages();
    }

    /**
     * Lambda's event source mapping, in short: receives batches of up to 10, hands them to {@code function}, deletes
     * every message it did not report as a failure. Stops once the queue stayed empty for a couple of receives, or
     * after {@code maxBatches}. Returns the batches handled.
     */
    public int pump(String queueUrl, Function<SQSEvent, SQSBatchResponse> function, int maxBatches) {
        int batches = 0;
        int empty = 0;
        while (batches < maxBatches && empty < 2) {
            List<Message> received = receive(queueUrl, 10, 1);
            if (received.isEmpty()) {
                empty++;
                continue;
            }
            empty = 0;
            batches++;
            SQSBatchResponse response = function.apply(event(received));
            Set<String> failed = new HashSet<>();
            response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
            List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
            for (Message m : received) {
                if (!failed.contains(m.messageId())) {
                    deletes.add(DeleteMessageBatchRequestEntry.builder()
                            .id(Integer.toString(deletes.size()))
                            .receiptHandle(m.receiptHandle())
                            .build());
                }
            }
            if (!deletes.isEmpty()) {
                sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(deletes));
            }
        }
        return batches;
    }

    private static SQSEvent event(List<Message> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(m.messageId());
            record.setReceiptHandle(m.receiptHandle());
            record.setBody(m.body());
            Map<String, String> attributes = new HashMap<>();
            m.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
            record.setAttributes(attributes);
            record.setEventSource("aws:sqs");
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private void stop() {
        sqs.close();
        server.stopAndWait();
    }
}
