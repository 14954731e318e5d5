package io.medsum.local.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelRouteTest {
    @Test
    void routesInvokeAndConverse() {
        assertThat(ModelRoute.of("POST", "/model/amazon.titan-text-express-v1/invoke"))
                .contains(new ModelRoute(BedrockOperation.INVOKE_MODEL, "amazon.titan-text-express-v1"));
        assertThat(ModelRoute.of("POST", "/model/us.amazon.titan-text-express-v1/converse"))
                .contains(new ModelRoute(BedrockOperation.CONVERSE, "us.amazon.titan-text-express-v1"));
    }

    @Test
    void decodesAnArnThatWasEncodedAsOneSegment() {
        assertThat(ModelRoute.of("POST",
                "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.amazon.titan-text-express-v1/invoke"))
                .map(ModelRoute::modelId)
                .contains("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.titan-text-express-v1");
    }

    @Test
    void keepsAPlusAsAPlus() {
        assertThat(ModelRoute.of("POST", "/model/a+b/invoke")).map(ModelRoute::modelId).contains("a+b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/model//invoke", "/model/x/invoke/extra", "/model/x/invoke-with-response-stream",
        "/models/x/invoke", "model/x/invoke", "/model/arn:aws/x/invoke"})
    void ignoresOtherPaths(String path) {
        assertThat(ModelRoute.of("POST", path)).isEmpty();
    }

    @Test
    void onlyPostIsAnOperation() {
        assertThat(ModelRoute.of("GET", "/model/x/invoke")).isEmpty();
    }
}
