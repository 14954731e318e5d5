package io.medsum.local.infra;

import java.net.URI;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.rest.sqs.TheSQSRestServerBuilder;

/**
 * ElasticMQ, an SQS wire-compatible server, embedded in this JVM on the loopback interface.
 *
 * <p>Queue URLs and ARNs it hands out carry the bound port and {@link LocalAwsClients#REGION} /
 * {@link LocalAwsClients#ACCOUNT_ID}, so they look like the ones the SDK clients are configured for.
 *
 * <p>Logging: ElasticMQ and Pekko log through slf4j, which in this module is bound to log4j2 (via common's Powertools
 * dependency; ElasticMQ brings no logback). common's log4j2.xml keeps the root logger at WARN, so ElasticMQ's INFO
 * chatter stays out of test output; a configuration that opens the root to INFO should keep {@code org.elasticmq} and
 * {@code org.apache.pekko} at WARN.
 */
public final class ElasticMqServer implements AutoCloseable {

    private static final String HOST = "127.0.0.1";

    private final SQSRestServer server;
    private final int port;
    /** Guards close; private, so no caller can hold it by locking on this object. */
    private final Object lock = new Object();

    private boolean closed;

    private ElasticMqServer(TheSQSRestServerBuilder builder) {
        this.server = builder.withInterface(HOST)
                .withAWSRegion(LocalAwsClients.REGION.id())
                .withAWSAccountId(LocalAwsClients.ACCOUNT_ID)
                .start();
        try {
            this.port = server.waitUntilStarted().localAddress().getPort();
        } catch (RuntimeException e) {
            server.stopAndWait();
            throw new IllegalStateException("ElasticMQ did not start", e);
        }
    }

    /** ElasticMQ on a free port chosen by the operating system. */
    public static ElasticMqServer start() {
        return new ElasticMqServer(SQSRestServerBuilder.withDynamicPort());
    }

    /** ElasticMQ on the given port (fails if the port is taken). */
    public static ElasticMqServer start(int port) {
        return new ElasticMqServer(SQSRestServerBuilder.withPort(port));
    }

    public URI endpoint() {
        return URI.create("http://" + HOST + ":" + port);
    }

    public int port() {
        return port;
    }

    /** Unbinds the port and stops ElasticMQ's actor system; its queues and messages are gone. */
    @Override
    public void close() {
        synchronized (lock) {
            if (!closed) {
                closed = true;
                server.stopAndWait();
            }
        }
    }
}
