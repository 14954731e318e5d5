package io.medsum.local.bedrock;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Amazon Bedrock that the real SDK clients talk to unchanged through
 * {@code endpointOverride(server.endpoint())}: {@code BedrockRuntimeClient} for Converse, answered with an extractive
 * summary of the report in the prompt, and {@code BedrockClient} for the control-plane reads GetFoundationModel and
 * GetInferenceProfile, and ApplyGuardrail for the contextual grounding check ({@link LocalGuardrails}). Model ids are
 * checked against a {@link ModelCatalog}. It can be made slow, throttled, failing, truncating or retired at run time
 * through {@link #faults()}.
 *
 * <p>Binds to 127.0.0.1 only: the traffic is patient text.
 */
public final class LocalBedrockServer implements AutoCloseable {
    /** Handler threads: enough for the ~64 concurrent calls the pipeline tests and benchmarks drive. */
    public static final int HANDLER_THREADS = 64;

    private static final int ACCEPT_BACKLOG = 256;
    private static final long CLOSE_GRACE_SECONDS = 5;
    private static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

    static {
        // The JDK server flushes headers and body as two segments; with Nagle on, the body waits for the
        // client's delayed ACK, about 40 ms a call. The JDK reads this once, when the first HttpServer of the
        // JVM is made, so it must be set before that; an explicit setting by the caller wins.
        if (System.getProperty(NO_DELAY_PROPERTY) == null) {
            System.setProperty(NO_DELAY_PROPERTY, "true");
        }
    }

    private final HttpServer http;
    private final ExecutorService handlers;
    private final ModelCatalog catalog;
    private final ModelFaults faults;
    private final CallCounters counters;
    private final RewriteLog rewrites;
    private final LocalGuardrails guardrails;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalBedrockServer(
            HttpServer http,
            ExecutorService handlers,
            ModelCatalog catalog,
            ModelFaults faults,
            CallCounters counters,
            RewriteLog rewrites,
            LocalGuardrails guardrails) {
        this.http = http;
        this.guardrails = guardrails;
        this.rewrites = rewrites;
        this.handlers = handlers;
        this.catalog = catalog;
        this.faults = faults;
        this.counters = counters;
    }

    /** Starts on an ephemeral port with healthy faults. */
    public static LocalBedrockServer start() {
        return start(0);
    }

    /** Starts on the given port (0 for an ephemeral one) with healthy faults. */
    public static LocalBedrockServer start(int port) {
        return start(port, new ModelFaults());
    }

    /** Starts on the given port (0 for an ephemeral one) with the given, still changeable, faults. */
    public static LocalBedrockServer start(int port, ModelFaults faults) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be within 0..65535, was " + port);
        }
        Objects.requireNonNull(faults, "faults");
        ModelCatalog catalog = ModelCatalog.standard();
        CallCounters counters = new CallCounters();
        RewriteLog rewrites = new RewriteLog();
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(loopback(), port), ACCEPT_BACKLOG);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not bind the local Bedrock server to 127.0.0.1:" + port, e);
        }
        ExecutorService handlers = Executors.newFixedThreadPool(HANDLER_THREADS, handlerThreads());
        http.createContext(
                "/",
                new BedrockRuntimeHandler(
                        catalog, faults, counters, new SummarizingModel(new SummaryRewriter(faults, rewrites))));
        ControlPlaneHandler controlPlane = new ControlPlaneHandler(catalog, faults, counters);
        for (ControlPlaneOperation operation : ControlPlaneOperation.values()) {
            http.createContext("/" + operation.collection() + "/", controlPlane);
        }
        http.createContext(FaultsAdminHandler.PATH, new FaultsAdminHandler(faults, counters));
        LocalGuardrails guardrails = new LocalGuardrails();
        http.createContext(ApplyGuardrailHandler.PATH, new ApplyGuardrailHandler(guardrails));
        http.setExecutor(handlers);
        http.start();
        return new LocalBedrockServer(http, handlers, catalog, faults, counters, rewrites, guardrails);
    }

    /** For example {@code http://127.0.0.1:54321}, ready for {@code endpointOverride} of either SDK client. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** The live fault switches; changes apply to the next call. */
    public ModelFaults faults() {
        return faults;
    }

    /**
     * What the model did to its recent summaries (paraphrased, which fact altered), by report: in-process only, never
     * served over HTTP nor logged.
     */
    public RewriteLog rewrites() {
        return rewrites;
    }

    /** The guardrails ApplyGuardrail answers for; the local stack creates the template's here. */
    public LocalGuardrails guardrails() {
        return guardrails;
    }

    public CallCounters counters() {
        return counters;
    }

    /** The models the server answers for, each in its catalogue lifecycle state (before any override). */
    public ModelCatalog catalog() {
        return catalog;
    }

    /** Stops accepting calls and abandons the ones in flight, including any stalled by a fault switch. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        http.stop(0);
        handlers.shutdownNow();
        try {
            handlers.awaitTermination(CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs the stand-in until the process is stopped: {@code [port]}, default ephemeral. */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        LocalBedrockServer server = start(port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "local-bedrock-shutdown"));
        System.out.println("Local Bedrock (runtime and control plane) listening on " + server.endpoint());
        stopped.await();
    }

    private static InetAddress loopback() {
        try {
            // By address, not name: "localhost" may resolve to ::1 and the endpoint URI says 127.0.0.1.
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ThreadFactory handlerThreads() {
        AtomicInteger next = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "local-bedrock-handler-" + next.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
