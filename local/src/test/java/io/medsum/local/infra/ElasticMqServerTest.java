package io.medsum.local.infra;

import static io.medsum.local.infra.LoopbackPorts.acceptsConnections;
import static io.medsum.local.infra.LoopbackPorts.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class ElasticMqServerTest {

    @Test
    void servesTheSqsApiWithQueueUrlsAndArnsForItsOwnEndpoint() {
        try (ElasticMqServer elasticMq = ElasticMqServer.start();
                SqsClient sqs = LocalAwsClients.sqs(elasticMq.endpoint())) {
            String url = sqs.createQueue(request -> request.queueName("things")).queueUrl();
            sqs.sendMessage(request -> request.queueUrl(url).messageBody("hello"));

            var received = sqs.receiveMessage(request -> request.queueUrl(url)).messages();
            String arn = sqs.getQueueAttributes(
                            request -> request.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes()
                    .get(QueueAttributeName.QUEUE_ARN);

            assertThat(received)
                    .singleElement()
                    .satisfies(message -> assertThat(message.body()).isEqualTo("hello"));
            assertThat(url).startsWith(elasticMq.endpoint().toString()).endsWith("/things");
            assertThat(arn)
                    .isEqualTo("arn:aws:sqs:" + LocalAwsClients.REGION.id() + ":" + LocalAwsClients.ACCOUNT_ID
                            + ":things");
        }
    }

    @Test
    void listensOnTheGivenPort() {
        int port = freePort();
        try (ElasticMqServer elasticMq = ElasticMqServer.start(port)) {
            assertThat(elasticMq.endpoint().getPort()).isEqualTo(port);
            assertThat(acceptsConnections(port)).isTrue();
        }
    }

    @Test
    void closeReleasesThePort() {
        ElasticMqServer elasticMq = ElasticMqServer.start();
        assertThat(acceptsConnections(elasticMq.port())).isTrue();

        elasticMq.close();

        assertThat(acceptsConnections(elasticMq.port())).isFalse();
    }
}
