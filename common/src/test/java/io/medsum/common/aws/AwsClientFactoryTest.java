package io.medsum.common.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.medsum.common.config.Settings;
import io.medsum.common.testing.CountingEndpoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class AwsClientFactoryTest {
    /** Counts what reaches the wire, as the local stack's request counter does. */
    private static final class Sent implements ExecutionInterceptor {
        final AtomicInteger attempts = new AtomicInteger();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            attempts.incrementAndGet();
        }
    }

    @Test
    void theSettingsInterceptorsSeeEverySentRequestAndNoDryRunOne() throws Exception {
        Sent sent = new Sent();
        try (CountingEndpoint endpoint = new CountingEndpoint()) {
            Settings settings = new Settings(
                    Map.of(
                            "AWS_REGION",
                            "eu-west-1",
                            "AWS_ACCESS_KEY_ID",
                            "test",
                            "AWS_SECRET_ACCESS_KEY",
                            "test",
                            "AWS_ENDPOINT_URL_DYNAMODB",
                            endpoint.url()),
                    List.of(sent));
            AwsClientFactory factory = new AwsClientFactory(settings);
            try (DynamoDbClient dynamo = factory.build(
                    DynamoDbClient.builder().overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD)),
                    "DYNAMODB",
                    Duration.ofSeconds(1))) {
                Runnable getItem =
                        () -> dynamo.getItem(b -> b.tableName("t").key(Map.of("PatientID", AttributeValue.fromS("p"))));

                catchThrowable(() -> factory.dryRun(getItem));
                assertThat(sent.attempts).hasValue(0);

                catchThrowable(getItem::run); // the endpoint hangs up: every attempt fails, each was sent
                assertThat(sent.attempts).hasValue(3);
            }
        }
    }

    @Test
    void clientsWithoutInterceptorsInTheirSettingsGetNone() {
        assertThat(new Settings(Map.of()).sdkInterceptors()).isEmpty();
    }
}
