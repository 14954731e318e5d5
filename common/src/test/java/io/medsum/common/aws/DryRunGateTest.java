package io.medsum.common.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.medsum.common.config.Settings;
import io.medsum.common.testing.CountingEndpoint;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** SnapStart priming relies on this: a dry run exercises a real client and sends nothing. */
class DryRunGateTest {
    private static final Duration CALLER_TIMEOUT = Duration.ofSeconds(7);
    private CountingEndpoint endpoint;
    private AwsClientFactory factory;
    private DynamoDbClient dynamo;

    @BeforeEach
    void startAnEndpointThatCountsConnections() throws IOException {
        endpoint = new CountingEndpoint();
        factory = new AwsClientFactory(new Settings(Map.of(
                "AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_ENDPOINT_URL_DYNAMODB", endpoint.url())));
        dynamo = factory.build(
                DynamoDbClient.builder().overrideConfiguration(o -> o.apiCallTimeout(CALLER_TIMEOUT)),
                "DYNAMODB",
                Duration.ofSeconds(1));
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

        assertThat(endpoint.connections()).isZero();
    }

    @Test
    void theGateOpensAgainAfterTheDryRun() {
        catchThrowable(() -> factory.dryRun(this::getItem));

        // The endpoint hangs up at once, so the real call fails, but only after it reached the endpoint.
        Throwable realCall = catchThrowable(this::getItem);

        assertThat(realCall).isNotInstanceOf(DryRunGate.Stopped.class);
        assertThat(endpoint.connections()).isPositive();
    }

    @Test
    void theGateKeepsTheCallersOwnClientConfiguration() {
        // The factory adds its interceptor to, not instead of, what the caller configured: the worker's
        // Bedrock timeouts and retries must survive it.
        assertThat(dynamo.serviceClientConfiguration().overrideConfiguration().apiCallTimeout())
                .contains(CALLER_TIMEOUT);
    }
}
