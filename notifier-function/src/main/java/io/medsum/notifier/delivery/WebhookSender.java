package io.medsum.notifier.delivery;

import io.medsum.notifier.delivery.DeliveryFailure.Kind;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.io.ModalCloseable;
import org.apache.hc.core5.util.Timeout;

/**
 * One HTTP POST to a webhook, with Apache HttpClient 5, and nothing a receiver could turn against the notifier:
 *
 * <ul>
 *   <li>it connects only to the addresses the destination policy returned for this delivery
 *       ({@link PinnedDnsResolver}), while TLS still uses the host name for SNI and certificate verification;
 *   <li>no redirect is followed (a 3xx is the answer), no cookie or authentication state is kept, nothing is retried
 *       inside the client, no proxy from the environment is used, no compressed answer is inflated;
 *   <li>connections are not reused: every delivery connects afresh to the addresses checked for it;
 *   <li>at most {@link #MAX_RESPONSE_BYTES} of an answer are read, then the connection is closed without draining it;
 *   <li>the whole attempt (connect, send, answer) is bounded by the timeout: the socket timeouts bound each step, and
 *       the request is aborted when the total runs out (a receiver that trickles bytes cannot hold it longer).
 * </ul>
 */
public final class WebhookSender implements WebhookTransport, Closeable {
    /** How much of a receiver's answer is read; the status is all a delivery needs. */
    public static final int MAX_RESPONSE_BYTES = 4096;

    /** Deliveries of one batch run in parallel; more connections than that are never needed at once. */
    private static final int MAX_CONNECTIONS = 32;

    private static final ContentType JSON = ContentType.create("application/json");

    private final Duration timeout;
    private final PinnedDnsResolver resolver = new PinnedDnsResolver();
    private final PoolingHttpClientConnectionManager connections;
    private final CloseableHttpClient client;
    private final ScheduledExecutorService deadlines;

    /**
     * @param timeout the whole attempt's limit (WEBHOOK_TIMEOUT_MS)
     * @param userAgent the User-Agent header
     */
    public WebhookSender(Duration timeout, String userAgent) {
        this.timeout = timeout;
        Timeout limit = Timeout.of(timeout);
        this.connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(resolver)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(limit)
                        .setSocketTimeout(limit)
                        .build())
                .setDefaultSocketConfig(
                        SocketConfig.custom().setSoTimeout(limit).build())
                .setMaxConnTotal(MAX_CONNECTIONS)
                .setMaxConnPerRoute(MAX_CONNECTIONS)
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(connections)
                .setConnectionReuseStrategy((request, response, context) -> false)
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableAutomaticRetries()
                .disableContentCompression()
                .disableConnectionState()
                .setUserAgent(userAgent)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(limit)
                        .setResponseTimeout(limit)
                        .setRedirectsEnabled(false)
                        .setAuthenticationEnabled(false)
                        .setExpectContinueEnabled(false)
                        .setContentCompressionEnabled(false)
                        .build())
                .build();
        this.deadlines = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "webhook-deadlines");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** What one POST came to: the status, or why there was none, and how long it took. */
    public record Response(int status, DeliveryFailure failure, int bytesRead, long elapsedMillis) {
        public boolean isSuccess() {
            return failure == null && status >= 200 && status < 300;
        }

        /** The attempt's failure: its own, or the non-2xx status. Null on success. */
        public DeliveryFailure asFailure() {
            if (failure != null) {
                return failure;
            }
            return isSuccess() ? null : DeliveryFailure.status(status);
        }
    }

    /**
     * POSTs {@code body} to {@code url}, connecting only to {@code addresses}.
     *
     * @param addresses what the destination policy resolved the URL's host to, just now
     */
    @Override
    public Response post(URI url, InetAddress[] addresses, Map<String, String> headers, byte[] body) {
        long started = System.nanoTime();
        HttpPost request = new HttpPost(url);
        headers.forEach(request::setHeader);
        request.setEntity(new ByteArrayEntity(body, JSON));
        HttpHost target = new HttpHost(url.getScheme(), PinnedDnsResolver.normalize(url.getHost()), url.getPort());
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(
                () -> {
                    timedOut.set(true);
                    request.cancel();
                },
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            return resolver.pinned(target.getHostName(), addresses, () -> exchange(target, request, started));
        } catch (IOException e) {
            return failed(timedOut.get() ? Kind.TIMEOUT : classify(e), started);
        } finally {
            deadline.cancel(false);
        }
    }

    private Response exchange(HttpHost target, HttpPost request, long started) throws IOException {
        ClassicHttpResponse response = client.executeOpen(target, request, HttpClientContext.create());
        int status = response.getCode();
        int read = 0;
        try {
            HttpEntity entity = response.getEntity();
            if (entity != null) {
                // Read a little, so a short answer completes; then stop, whatever the receiver still sends.
                InputStream content = entity.getContent();
                read = content.readNBytes(MAX_RESPONSE_BYTES).length;
            }
        } catch (IOException e) {
            // The status is the answer; an answer body cut short (or still trickling at the deadline) does not change
            // it.
        } finally {
            // Drops the connection at once: closing the stream normally would drain the rest of the answer.
            request.cancel();
            closeQuietly(response);
        }
        return new Response(status, null, read, elapsed(started));
    }

    private static void closeQuietly(ClassicHttpResponse response) {
        try {
            if (response instanceof ModalCloseable modal) {
                modal.close(CloseMode.IMMEDIATE);
            } else {
                response.close();
            }
        } catch (IOException e) {
            // The request was aborted already: nothing is left to release.
        }
    }

    /**
     * For SnapStart priming: the client's whole path up to opening a connection, for a host nothing is pinned for, so
     * the resolver refuses it and not a byte leaves the process. Returns the refusal.
     */
    public Response prime() {
        long started = System.nanoTime();
        HttpPost request = new HttpPost(URI.create("https://priming.invalid/"));
        request.setEntity(new ByteArrayEntity(new byte[] {'{', '}'}, JSON));
        try {
            ClassicHttpResponse response = client.executeOpen(
                    new HttpHost("https", "priming.invalid", -1), request, HttpClientContext.create());
            closeQuietly(response);
            throw new IllegalStateException("priming reached a receiver");
        } catch (IOException e) {
            return failed(classify(e), started);
        }
    }

    static Kind classify(IOException e) {
        if (e instanceof InterruptedIOException) {
            return Kind.TIMEOUT; // socket, connect and pool timeouts, and the abort at the deadline
        }
        if (e instanceof ConnectException) {
            return Kind.CONNECTION_REFUSED;
        }
        if (e instanceof SSLException) {
            return Kind.TLS_FAILED;
        }
        if (e instanceof UnknownHostException) {
            return Kind.DESTINATION_REFUSED; // only PinnedDnsResolver throws it: a host the policy did not answer
        }
        return Kind.CONNECTION_FAILED;
    }

    private static Response failed(Kind kind, long started) {
        return new Response(0, DeliveryFailure.of(kind), 0, elapsed(started));
    }

    private static long elapsed(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        client.close(CloseMode.IMMEDIATE);
        connections.close(CloseMode.IMMEDIATE);
    }
}
