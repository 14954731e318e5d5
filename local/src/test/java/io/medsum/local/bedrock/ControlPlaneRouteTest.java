package io.medsum.local.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ControlPlaneRouteTest {
    @Test
    void routesTheTwoReadsAndDecodesTheIdentifier() {
        assertThat(ControlPlaneRoute.of("GET", "/foundation-models/amazon.nova-2-lite-v1%3A0"))
                .contains(new ControlPlaneRoute(ControlPlaneOperation.GET_FOUNDATION_MODEL, "amazon.nova-2-lite-v1:0"));
        assertThat(
                        ControlPlaneRoute.of(
                                "GET",
                                "/inference-profiles/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.amazon.nova-2-lite-v1%3A0"))
                .contains(new ControlPlaneRoute(
                        ControlPlaneOperation.GET_INFERENCE_PROFILE,
                        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-2-lite-v1:0"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/foundation-models",
                "/foundation-models/",
                "/foundation-models/x/y",
                "/inference-profile/x",
                "/model/x"
            })
    void ignoresOtherPaths(String path) {
        assertThat(ControlPlaneRoute.of("GET", path)).isEmpty();
    }

    @Test
    void onlyGetIsARead() {
        assertThat(ControlPlaneRoute.of("DELETE", "/inference-profiles/x")).isEmpty();
    }

    @Test
    void readsTheRegionTheCallerSignedFor() {
        String authorization = "AWS4-HMAC-SHA256 Credential=local/20261202/eu-west-1/bedrock/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=abc";

        assertThat(ControlPlaneHandler.regionOf(authorization)).isEqualTo("eu-west-1");
        assertThat(ControlPlaneHandler.regionOf(null)).isEqualTo("us-east-1");
        assertThat(ControlPlaneHandler.regionOf("Bearer token")).isEqualTo("us-east-1");
    }
}
