package io.medsum.common.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medsum.common.config.Settings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

class HttpClientChoiceTest {
    @Test
    void urlConnectionUnlessTheEnvironmentSaysOtherwise() {
        assertThat(HttpClientChoice.from(Optional.empty())).isEqualTo(HttpClientChoice.URLCONNECTION);
        assertThat(HttpClientChoice.from(Optional.of(" Apache "))).isEqualTo(HttpClientChoice.APACHE);
        assertThat(HttpClientChoice.from(Optional.of("crt"))).isEqualTo(HttpClientChoice.CRT);
        assertThatThrownBy(() -> HttpClientChoice.from(Optional.of("netty"))).hasMessageContaining("MEDSUM_HTTP_CLIENT");
    }

    @Test
    void eachChoiceBuildsAClientWhereItsJarsArePresent() {
        for (String client : new String[] {"urlconnection", "apache", "crt"}) {
            var settings = new Settings(Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "k", "AWS_SECRET_ACCESS_KEY", "s",
                    "AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:9", AwsClientFactory.HTTP_CLIENT, client));
            try (SqsClient sqs = new AwsClientFactory(settings).build(SqsClient.builder(), "SQS", Duration.ofSeconds(1))) {
                assertThat(sqs).isNotNull();
            }
        }
    }
}
