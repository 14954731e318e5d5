package io.medsum.cli.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SameOriginTest {
    private static final URI API = URI.create("https://abc.execute-api.us-east-1.amazonaws.com/prod");

    @Test
    void schemeHostAndPortMustAllMatch() {
        assertThat(SameOrigin.same(API, URI.create("https://abc.execute-api.us-east-1.amazonaws.com/prod/reports/p/r")))
                .isTrue();
        assertThat(SameOrigin.same(API, URI.create("https://ABC.execute-api.us-east-1.amazonaws.com:443/x")))
                .isTrue();
        assertThat(SameOrigin.same(API, URI.create("http://abc.execute-api.us-east-1.amazonaws.com/prod")))
                .isFalse();
        assertThat(SameOrigin.same(API, URI.create("https://abc.execute-api.us-east-1.amazonaws.com:8443/prod")))
                .isFalse();
        assertThat(SameOrigin.same(API, URI.create("https://evil.example/prod")))
                .isFalse();
        assertThat(SameOrigin.same(API, URI.create("https://abc.execute-api.us-east-1.amazonaws.com@evil.example/")))
                .isFalse();
        assertThat(SameOrigin.same(API, URI.create("https://user@abc.execute-api.us-east-1.amazonaws.com/")))
                .isFalse();
    }

    @Test
    void aStatusUrlOnAnotherOriginIsRefusedWithoutSendingTheKey() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer elsewhere = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        elsewhere.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        elsewhere.start();
        try {
            Target target = new Target(
                    URI.create("http://127.0.0.1:1"), ApiAuth.apiKey("secret"), null, null, null, null, null);
            MedsumApi api = new MedsumApi(target);
            String foreign = "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/reports/P/R";
            assertThatThrownBy(() -> api.get(foreign))
                    .isInstanceOf(SameOrigin.ForeignUrlException.class)
                    .hasMessageContaining("not the API's origin");
            assertThatThrownBy(() ->
                            api.get("//127.0.0.1:" + elsewhere.getAddress().getPort() + "/x"))
                    .isInstanceOf(SameOrigin.ForeignUrlException.class);
            assertThat(requests).hasValue(0);
        } finally {
            elsewhere.stop(0);
        }
    }
}
