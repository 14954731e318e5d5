package io.medsum.notifier.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.common.json.Json;
import io.medsum.common.testing.ApiEvent;
import io.medsum.common.testing.MutableClock;
import io.medsum.common.testing.RecordingAuditTrail;
import io.medsum.notifier.testing.FakeResolver;
import io.medsum.notifier.testing.InMemoryWebhookSecrets;
import io.medsum.notifier.testing.InMemoryWebhookStore;
import io.medsum.notifier.webhook.DestinationPolicy;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Registrations that would make the notifier a way into the network it runs in (SSRF): the cloud metadata address,
 * loopback and private ranges under every spelling, names that resolve there, credentials in the URL, plain http. Each
 * gets a clear 400 on {@code url}, naming the rule and not echoing the URL, and nothing is stored or recorded.
 *
 * <p>The project's hostile-input suite over the wire lives in {@code local} (io.medsum.local.hostile); these cases are
 * here, at the API, until that suite takes webhook rows.
 */
class HostileRegistrationsTest {
    private static final String LONG = "a".repeat(2100);

    private final InMemoryWebhookStore store = new InMemoryWebhookStore();
    private final InMemoryWebhookSecrets secrets = new InMemoryWebhookSecrets();
    private final RecordingAuditTrail audit = new RecordingAuditTrail();
    private final FakeResolver dns = new FakeResolver()
            .answer("hooks.example.org", "93.184.215.14")
            .answer("localhost", "127.0.0.1", "::1")
            .answer("127.0.0.1.nip.io", "127.0.0.1")
            .answer("169.254.169.254.nip.io", "169.254.169.254")
            .answer("metadata.google.internal", "169.254.169.254")
            .answer("rebind.example.org", "93.184.215.14", "10.0.0.1")
            .answer("intranet.example.org", "192.168.10.20")
            .answer("v6private.example.org", "fd12:3456:789a::1")
            .answer("nat64.example.org", "64:ff9b::a9fe:a9fe")
            .answer("sixtofour.example.org", "2002:a9fe:a9fe::1");

    private APIGatewayProxyResponseEvent register(WebhooksApi api, String url) {
        return api.handle(ApiEvent.post(WebhooksApi.COLLECTION)
                .json("{\"url\":" + Json.write(url) + "}")
                .build());
    }

    private WebhooksApi deployed(List<String> allowList) {
        return new WebhooksApi(
                store,
                secrets,
                new DestinationPolicy(allowList, false, dns),
                audit,
                MutableClock.at("2026-12-02T10:00:00Z"),
                WebhooksApi.DEFAULT_MAX_PER_TENANT);
    }

    private WebhooksApi local() {
        return new WebhooksApi(
                store,
                secrets,
                new DestinationPolicy(List.of(), true, dns),
                audit,
                MutableClock.at("2026-12-02T10:00:00Z"),
                WebhooksApi.DEFAULT_MAX_PER_TENANT);
    }

    private void assertRefused(APIGatewayProxyResponseEvent answer, String url, String rule) {
        assertThat(answer.getStatusCode()).as(url + " -> " + answer.getBody()).isEqualTo(400);
        JsonNode problem;
        try {
            problem = Json.parse(answer.getBody());
        } catch (Json.InvalidJsonException e) {
            throw new AssertionError(answer.getBody(), e);
        }
        assertThat(problem.get("type").asText()).isEqualTo("urn:problem:medsum:validation");
        assertThat(problem.get("errors")).singleElement().satisfies(error -> {
            assertThat(error.get("field").asText()).isEqualTo("url");
            assertThat(error.get("message").asText()).as(url).contains(rule);
        });
        // The answer names the rule, never the input.
        String host = url.replaceFirst("^[A-Za-z]*:?/*", "").replaceFirst("[/?#].*$", "");
        if (host.length() > 3) {
            assertThat(answer.getBody()).as(url).doesNotContain(host);
        }
        assertThat(store.all()).isEmpty();
        assertThat(secrets.size()).isZero();
        assertThat(audit.entries()).isEmpty();
    }

    static Stream<Arguments> hostileUrls() {
        String https = "must be https";
        String address = "resolves to a private, loopback, link-local or reserved address";
        String numeric = "not another numeric form";
        String shape = "must be an absolute https URL";
        return Stream.of(
                // The cloud metadata service, directly and dressed up.
                Arguments.of("http://169.254.169.254/latest/meta-data/", https),
                Arguments.of("https://169.254.169.254/latest/meta-data/iam/security-credentials/", address),
                // java.net.URI takes no host from these (a top label must start with a letter): refused as shapeless.
                Arguments.of("HTTPS://169.254.169.254./latest/", shape),
                Arguments.of("https://[::ffff:169.254.169.254]/latest/", address),
                Arguments.of("https://[::ffff:a9fe:a9fe]/latest/", address),
                Arguments.of("https://[fd00:ec2::254]/latest/", address),
                Arguments.of("https://169.254.169.254.nip.io/latest/", address),
                Arguments.of("https://metadata.google.internal/computeMetadata/v1/", address),
                Arguments.of("https://nat64.example.org/", address),
                Arguments.of("https://sixtofour.example.org/", address),
                // Loopback under every spelling.
                Arguments.of("https://127.0.0.1/", address),
                Arguments.of("https://localhost/", address),
                Arguments.of("https://127.0.0.1.nip.io/", address),
                Arguments.of("https://[::1]/", address),
                Arguments.of("https://[0:0:0:0:0:0:0:1]:8443/", address),
                Arguments.of("https://[::ffff:127.0.0.1]/", address),
                Arguments.of("https://[::]/", address),
                Arguments.of("https://0.0.0.0/", address),
                Arguments.of("https://2130706433/", numeric),
                Arguments.of("https://0x7f000001/", numeric),
                Arguments.of("https://0177.0.0.1/", numeric),
                Arguments.of("https://0x7f.0.0.1/", shape),
                Arguments.of("https://127.1/", shape),
                Arguments.of("https://017700000001/", numeric),
                // Private networks, and a name that answers public and private at once (rebinding bait).
                Arguments.of("https://10.0.0.5/", address),
                Arguments.of("https://172.16.0.1/", address),
                Arguments.of("https://192.168.1.1/", address),
                Arguments.of("https://100.64.0.1/", address),
                Arguments.of("https://intranet.example.org/", address),
                Arguments.of("https://v6private.example.org/", address),
                Arguments.of("https://rebind.example.org/", address),
                // The URL's shape.
                Arguments.of("http://hooks.example.org/", https),
                Arguments.of("ftp://hooks.example.org/", https),
                Arguments.of("https://user:pass@hooks.example.org/", "must not carry user info"),
                Arguments.of("https://hooks.example.org@169.254.169.254/", "must not carry user info"),
                Arguments.of("https://hooks.example.org/#fragment", "must not have a fragment"),
                Arguments.of("https://hooks.example.org:0/", "port"),
                Arguments.of("https://hooks.example.org:70000/", "port"),
                Arguments.of("https://" + LONG + ".example.org/", shape),
                Arguments.of("https://hooks.example.org/" + LONG, shape),
                Arguments.of("javascript:alert(1)", shape),
                Arguments.of("file:///etc/passwd", shape),
                Arguments.of("//hooks.example.org/", shape),
                Arguments.of("/webhooks", shape),
                Arguments.of("https://hooks.example.org\\@169.254.169.254/", shape),
                Arguments.of("https://hooks.example.org /", shape),
                Arguments.of("https://hooks.example.org/\u0000", shape),
                Arguments.of("https://hooks.example.org/\r\nX-Injected: 1", shape),
                Arguments.of("https://exa_mple.org/", shape),
                Arguments.of("https://unresolvable.example.org/", "does not resolve"));
    }

    @ParameterizedTest
    @MethodSource("hostileUrls")
    void isRefusedWithAClear400AndNothingStored(String url, String rule) {
        assertRefused(register(deployed(List.of()), url), url, rule);
    }

    @ParameterizedTest
    @MethodSource("hostileUrls")
    void isRefusedOnTheLocalStackToo(String url, String rule) {
        // Locally (http or https) 127.0.0.1 receivers are allowed, and nothing else is; the https wording changes.
        assumeFalse(url.startsWith("https://127.0.0.1/"));
        assertRefused(register(local(), url), url, rule.equals("must be https") ? "must be https (or" : rule);
    }

    @Nested
    class OnTheLocalStack {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "http://localhost:8080/",
                    "http://[::1]:8080/",
                    "http://127.0.0.2:8080/",
                    "http://127.1:8080/",
                    "http://2130706433:8080/",
                    "http://0.0.0.0:8080/"
                })
        void onlyTheLoopbackAddressItselfIsAReceiver(String url) {
            APIGatewayProxyResponseEvent answer = register(local(), url);

            assertThat(answer.getStatusCode()).as(url).isEqualTo(400);
            assertThat(store.all()).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"http://127.0.0.1:8080/", "http://127.0.0.1:40123/medsum?x=1", "https://127.0.0.1/"})
        void aLoopbackReceiverIsAccepted(String url) {
            assertThat(register(local(), url).getStatusCode()).as(url).isEqualTo(201);
        }
    }

    @Nested
    class WithAnAllowList {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "https://example.org.evil.test/",
                    "https://evil.test/?next=hooks.example.org",
                    "https://evilexample.org/",
                    "https://example.org/"
                })
        void aHostOffTheListIsRefused(String url) {
            dns.answer("example.org.evil.test", "93.184.215.15")
                    .answer("evil.test", "93.184.215.16")
                    .answer("evilexample.org", "93.184.215.17")
                    .answer("example.org", "93.184.215.18");

            assertRefused(
                    register(deployed(List.of("*.example.org")), url),
                    url,
                    "not on this deployment's webhook allow-list");
        }

        @ParameterizedTest
        @ValueSource(strings = {"https://hooks.example.org/medsum", "https://HOOKS.example.org./medsum"})
        void aHostOnTheListIsAccepted(String url) {
            assertThat(register(deployed(List.of("*.example.org")), url).getStatusCode())
                    .as(url)
                    .isEqualTo(201);
        }

        @ParameterizedTest
        @ValueSource(strings = {"https://intranet.example.org/", "https://rebind.example.org/"})
        void theListDoesNotExemptPrivateAddresses(String url) {
            assertRefused(
                    register(deployed(List.of("*.example.org")), url),
                    url,
                    "resolves to a private, loopback, link-local or reserved address");
        }
    }
}
