package io.medsum.common.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.medsum.common.config.Settings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** SnapStart priming relies on this: a dry run exercises a real client and sends nothing. */
class DryRunGateTest {
    private static final Duration CALLER_TIMEOUT = Duration.ofSeconds(7);
    private ServerSocket endpoint;
    private final AtomicInteger connections = new AtomicInteger();
    private AwsClientFactory factory;
    private DynamoDbClient dynamo;

    @BeforeEach
    void startAnEndpointThatCountsConnections() throws IOException {
        endpoint = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!endpoint.isClosed()) {
                try (Socket socket = endpoint.accept()) {
                    connections.incrementAndGet();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "counting-endpoint");
        acceptor.setDaemon(true);
        acceptor.start();
        factory = new AwsClientFactory(new Settings(Map.of(
                "AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:" + endpoint.getLocalPort())));
        dynamo = factory.build(DynamoDbClient.builder()
                .overrideConfiguration(o -> o.apiCallTimeout(CALLER_TIMEOUT)), "DYNAMODB", Duration.ofSeconds(1));
    }

    @AfterEach
    void stop() throws IOException {
        dynamo.close();
        endpoint.close();
    }

    private void getItem() {
        dynamo.getItem(b -> b.tableName("t").key(Map.of("PatientID", AttributeValue.fromS("p"))));
    }

    @Test
    void aCallDuringADryRunIsStoppedBeforeItIsSent() {
        assertThatThrownBy(() -> factory.dryRun(this::getItem)).isInstanceOf(DryRunGate.Stopped.class);

        assertThat(connections).hasValue(0);
    }

    @Test
    void theGateOpensAgainAfterTheDryRun() {
        catchThrowable(() -> factory.dryRun(this::getItem));

        // The endpoint hangs up at once, so the real call fails, but only after it reached the endpoint.
        Throwable realCall = catchThrowable(this::getItem);

        assertThat(realCall).isNotInstanceOf(DryRunGate.Stopped.class);
        assertThat(connections.get()).isPositive();
    }

    @Test
    void theGateKeepsTheCallersOwnClientConfiguration() {
        // The factory adds its interceptor to, not instead of, what the caller configured: the worker's
        // Bedrock timeouts and retries must survive it.
        assertThat(dynamo.serviceClientConfiguration().overrideConfiguration().apiCallTimeout()).contains(CALLER_TIMEOUT);
    }
}
