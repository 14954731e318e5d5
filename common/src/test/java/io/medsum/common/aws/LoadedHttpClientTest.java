package io.medsum.common.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.utils.AttributeMap;

class LoadedHttpClientTest {
    @Test
    void theSdkLoadsTheOnlyClientTheFunctionJarsCarryUrlConnection() {
        try (SdkHttpClient client = new LoadedHttpClient(Duration.ofSeconds(3), Duration.ofSeconds(5))
                .buildWithDefaults(AttributeMap.empty())) {
            assertThat(client.clientName()).isEqualTo("UrlConnection");
        }
    }

    @Test
    void ourSocketTimeoutWinsOverTheServiceDefaults() throws Exception {
        AttributeMap serviceDefaults = AttributeMap.builder()
                .put(SdkHttpConfigurationOption.READ_TIMEOUT, Duration.ofSeconds(30))
                .build();
        try (SilentEndpoint endpoint = new SilentEndpoint();
                SdkHttpClient client = new LoadedHttpClient(Duration.ofSeconds(3), Duration.ofMillis(300))
                        .buildWithDefaults(serviceDefaults)) {
            SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                    .method(SdkHttpMethod.GET)
                    .uri(endpoint.uri())
                    .build();
            long started = System.nanoTime();

            assertThatThrownBy(() -> client.prepareRequest(HttpExecuteRequest.builder()
                                    .request(request)
                                    .build())
                            .call())
                    .isInstanceOf(SocketTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    /** Accepts connections and never answers. */
    private static final class SilentEndpoint implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> held = new ArrayList<>();

        SilentEndpoint() throws IOException {
            Thread acceptor = new Thread(
                    () -> {
                        while (!socket.isClosed()) {
                            try {
                                Socket connection = socket.accept();
                                synchronized (held) {
                                    held.add(connection);
                                }
                            } catch (IOException closed) {
                                return;
                            }
                        }
                    },
                    "silent-endpoint");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (held) {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }
}
