package io.medsum.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiRequestTest {
    private static APIGatewayProxyRequestEvent event(String path, String contextPath, Map<String, String> headers) {
        return event(path, contextPath, "abc.execute-api.eu-west-1.amazonaws.com", headers);
    }

    private static APIGatewayProxyRequestEvent event(
            String path, String contextPath, String domain, Map<String, String> headers) {
        var context = new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withPath(contextPath)
                .withDomainName(domain);
        return new APIGatewayProxyRequestEvent()
                .withPath(path)
                .withHeaders(headers)
                .withRequestContext(context);
    }

    @Test
    void baseUrlKeepsTheStagePrefix() {
        var request = new ApiRequest(
                event("/summarize", "/v1/summarize", Map.of("Host", "abc.execute-api.eu-west-1.amazonaws.com")));
        assertThat(request.baseUrl()).isEqualTo("https://abc.execute-api.eu-west-1.amazonaws.com/v1");
    }

    @Test
    void baseUrlComesFromTheRequestContextNeverFromTheClientsHostOrForwardedHeaders() {
        var request = new ApiRequest(event(
                "/summarize",
                "/v1/summarize",
                Map.of(
                        "Host",
                        "attacker.example",
                        "X-Forwarded-Proto",
                        "http",
                        "X-Forwarded-Host",
                        "attacker.example")));
        assertThat(request.baseUrl()).isEqualTo("https://abc.execute-api.eu-west-1.amazonaws.com/v1");
    }

    @Test
    void aCustomDomainKeepsItsBasePath() {
        var request = new ApiRequest(event("/summarize", "/medsum/summarize", "api.hospital.example", Map.of()));
        assertThat(request.baseUrl()).isEqualTo("https://api.hospital.example/medsum");
    }

    @Test
    void onlyTheLocalGatewaysLoopbackDomainIsPlainHttp() {
        assertThat(new ApiRequest(event("/summarize", "/summarize", "127.0.0.1:3000", Map.of())).baseUrl())
                .isEqualTo("http://127.0.0.1:3000");
        assertThat(new ApiRequest(event("/summarize", "/summarize", "localhost", Map.of())).baseUrl())
                .isEqualTo("http://localhost");
        assertThat(new ApiRequest(event("/summarize", "/summarize", "127.0.0.1.example.com", Map.of())).baseUrl())
                .isEqualTo("https://127.0.0.1.example.com");
    }

    @Test
    void headersAreCaseInsensitive() {
        var request = new ApiRequest(
                event("/", "/", Map.of("content-type", "application/json; charset=utf-8", "IDEMPOTENCY-KEY", "k")));
        assertThat(request.hasJsonBody()).isTrue();
        assertThat(request.header("Idempotency-Key")).contains("k");
    }

    @Test
    void acceptsJsonMediaTypesOnly() {
        assertThat(new ApiRequest(event("/", "/", Map.of("Content-Type", "application/problem+json"))).hasJsonBody())
                .isTrue();
        assertThat(new ApiRequest(event("/", "/", Map.of("Content-Type", "text/plain"))).hasJsonBody())
                .isFalse();
        assertThat(new ApiRequest(event("/", "/", Map.of())).hasJsonBody()).isFalse();
    }

    @Test
    void binaryBodiesMustBeValidUtf8() throws Exception {
        var ok = event("/", "/", Map.of())
                .withIsBase64Encoded(true)
                .withBody(Base64.getEncoder().encodeToString("{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(new ApiRequest(ok).body()).isEqualTo("{\"a\":\"é\"}");
        var bad = event("/", "/", Map.of())
                .withIsBase64Encoded(true)
                .withBody(Base64.getEncoder().encodeToString(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}));
        assertThatThrownBy(() -> new ApiRequest(bad).body()).isInstanceOf(CharacterCodingException.class);
    }

    @Test
    void theTenantIsTheIamPrincipalWithoutItsSessionName() {
        assertThat(tenantOf(new APIGatewayProxyRequestEvent.RequestIdentity().withUserArn("arn:aws:iam::1:user/a")))
                .isEqualTo("iam:arn:aws:iam::1:user/a");
        String session = "arn:aws:sts::123456789012:assumed-role/HospitalA-Client/i-0abc";
        String otherSession = "arn:aws:sts::123456789012:assumed-role/HospitalA-Client/job-7";
        assertThat(tenantOf(new APIGatewayProxyRequestEvent.RequestIdentity().withUserArn(session)))
                .isEqualTo(tenantOf(new APIGatewayProxyRequestEvent.RequestIdentity().withUserArn(otherSession)))
                .isEqualTo("iam:arn:aws:sts::123456789012:assumed-role/HospitalA-Client");
    }

    @Test
    void theTenantOfAnApiKeyIsItsFingerprintNeverTheKey() {
        String tenant = tenantOf(new APIGatewayProxyRequestEvent.RequestIdentity().withApiKey("key-of-hospital-a-123"));
        assertThat(tenant)
                .startsWith("apikey:")
                .hasSize("apikey:".length() + 20)
                .doesNotContain("hospital");
        assertThat(tenantOf(new APIGatewayProxyRequestEvent.RequestIdentity().withApiKey("key-of-hospital-b-123")))
                .isNotEqualTo(tenant);
        assertThat(new ApiRequest(event("/", "/", Map.of())).tenant()).isEqualTo("anonymous");
    }

    @Test
    void theActingPrincipalKeepsTheSessionName() {
        var e = event("/", "/", Map.of());
        e.getRequestContext()
                .setIdentity(new APIGatewayProxyRequestEvent.RequestIdentity()
                        .withUserArn("arn:aws:sts::123456789012:assumed-role/Reviewers/dr.jones"));
        assertThat(new ApiRequest(e).principal())
                .isEqualTo("arn:aws:sts::123456789012:assumed-role/Reviewers/dr.jones");
    }

    private static String tenantOf(APIGatewayProxyRequestEvent.RequestIdentity identity) {
        var e = event("/", "/", Map.of());
        e.getRequestContext().setIdentity(identity);
        return new ApiRequest(e).tenant();
    }
}
