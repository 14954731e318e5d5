package io.medsum.local.infra;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * dynalite (a DynamoDB wire-compatible server on LevelDB) run as a Node.js child process, so the local stack and the
 * tests talk to DynamoDB through the real SDK over HTTP.
 *
 * <p>The process is owned by this object: {@link #close()} ends it (and anything it spawned), and a JVM shutdown hook
 * does the same if the JVM exits first, so no dynalite outlives its test run. {@link #restart()} keeps the port and the
 * data directory, which lets chaos tests take DynamoDB away and bring it back under the same endpoint (in-memory mode
 * loses its data on restart; use {@link #startOnDisk(Path)} when data must survive).
 */
public final class DynaliteProcess implements AutoCloseable {

    /** Set by the local module's surefire configuration to {@code local/target/dynalite}. */
    public static final String HOME_PROPERTY = "medsum.dynalite.home";

    public static final String HOME_ENV = "MEDSUM_DYNALITE_HOME";

    private static final String HOST = "127.0.0.1";
    private static final String READY_MARKER = "Dynalite listening at:";
    private static final Path CLI_DIRECTORY = Path.of("node_modules", "dynalite");
    private static final String CLI = "cli.js";
    /** Preloaded into node to set umask 077: LevelDB creates its files itself, and they hold report text. */
    private static final String PRIVATE_FILES_PRELOAD = "private-files.cjs";
    /** Ephemeral ports are picked before dynalite binds them, so another process may win the race. */
    private static final int BIND_ATTEMPTS = 5;

    private static final Duration BIND_RETRY_PAUSE = Duration.ofMillis(200);
    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(5);

    private final Options options;
    private final Path cliDirectory;
    private final Path cliScript;
    private final Path preload;
    private final Thread shutdownHook;
    /** Guards restart, stop and close; private, so no caller can hold it by locking on this object. */
    private final Object lock = new Object();

    private volatile Process process;
    /** Read by endpoint() on any thread, changed by a restart that binds a new ephemeral port. */
    private volatile int port;

    private boolean closed;

    private DynaliteProcess(Options options) {
        this.options = options;
        Path home = options.home() != null ? options.home() : locateHome();
        this.cliDirectory = home.resolve(CLI_DIRECTORY);
        this.cliScript = cliDirectory.resolve(CLI);
        this.preload = home.resolve(PRIVATE_FILES_PRELOAD);
        if (!Files.isRegularFile(cliScript)) {
            throw new IllegalStateException("dynalite is not installed at " + home
                    + ": build the local module once (./mvnw -pl local generate-resources runs npm ci there)");
        }
        this.port = options.port() != null ? options.port() : 0;
        // Destroys whatever process is current without taking the lock, so a start in progress
        // on another thread cannot hold up JVM exit.
        this.shutdownHook = new Thread(() -> terminate(process), "dynalite-shutdown");
    }

    /** dynalite keeping its tables in memory, on a free port. */
    public static DynaliteProcess startInMemory() {
        return start(Options.defaults());
    }

    /** dynalite keeping its tables in LevelDB under {@code dataDirectory}, on a free port. */
    public static DynaliteProcess startOnDisk(Path dataDirectory) {
        return start(Options.defaults().withDataDirectory(dataDirectory));
    }

    public static DynaliteProcess start(Options options) {
        DynaliteProcess dynalite = new DynaliteProcess(options);
        Runtime.getRuntime().addShutdownHook(dynalite.shutdownHook);
        try {
            dynalite.launch();
        } catch (RuntimeException e) {
            dynalite.close();
            throw e;
        }
        return dynalite;
    }

    /**
     * The dynalite install directory (holding {@code node_modules/dynalite}): system property {@value #HOME_PROPERTY},
     * else environment variable {@value #HOME_ENV}, else {@code local/target/dynalite} found walking up from the
     * working directory.
     */
    public static Path locateHome() {
        return ProjectPaths.configured(HOME_PROPERTY, HOME_ENV)
                .or(() -> ProjectPaths.findUpwards(Path.of("local", "target", "dynalite")))
                .orElseThrow(() -> new IllegalStateException("Cannot find the dynalite install: set -D"
                        + HOME_PROPERTY + " or " + HOME_ENV + ", or build the local module (it installs"
                        + " dynalite into local/target/dynalite)"));
    }

    public URI endpoint() {
        return URI.create("http://" + HOST + ":" + port);
    }

    public int port() {
        return port;
    }

    /** The operating-system id of the running dynalite process. */
    public long pid() {
        Process current = process;
        if (current == null) {
            throw new IllegalStateException("dynalite is not running");
        }
        return current.pid();
    }

    public boolean isRunning() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /** Where the tables are kept; empty in in-memory mode. */
    public Optional<Path> dataDirectory() {
        return Optional.ofNullable(options.dataDirectory());
    }

    /** Stops dynalite and starts it again on the same port with the same data directory. */
    public void restart() {
        synchronized (lock) {
            if (closed) {
                // Its shutdown hook is gone, so a process started now could outlive the JVM.
                throw new IllegalStateException("dynalite was closed; start a new DynaliteProcess instead");
            }
            stop();
            launch();
        }
    }

    /** Stops dynalite, leaving the endpoint down until {@link #restart()}. Does nothing if stopped. */
    public void stop() {
        synchronized (lock) {
            Process current = process;
            process = null;
            terminate(current);
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            stop();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException | IllegalArgumentException alreadyShuttingDownOrUnregistered) {
                // The hook runs (or ran) anyway; nothing left to undo.
            }
        }
    }

    private void launch() {
        boolean ephemeral = port == 0;
        PortInUseException lastClash = null;
        for (int attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
            int candidate = ephemeral ? freePort() : port;
            try {
                process = startListening(candidate);
                port = candidate;
                return;
            } catch (PortInUseException clash) {
                lastClash = clash;
                if (!ephemeral) {
                    pause(BIND_RETRY_PAUSE);
                }
            }
        }
        throw new IllegalStateException(
                "dynalite could not bind a port after " + BIND_ATTEMPTS + " attempts", lastClash);
    }

    private Process startListening(int candidatePort) {
        Process started = spawn(candidatePort);
        OutputTail stderr = OutputTail.drain(started.getErrorStream(), "dynalite-stderr");
        CompletableFuture<Void> listening = new CompletableFuture<>();
        watchForReadyLine(started.getInputStream(), listening);
        started.onExit()
                .thenRun(() -> listening.completeExceptionally(
                        new IllegalStateException("exited with code " + started.exitValue())));
        try {
            listening.get(options.startupTimeout().toMillis(), TimeUnit.MILLISECONDS);
            awaitAcceptingConnections(candidatePort);
            return started;
        } catch (ExecutionException died) {
            String errors = stderr.awaitText();
            if (errors.contains("EADDRINUSE")) {
                throw new PortInUseException(candidatePort, errors);
            }
            throw new IllegalStateException("dynalite " + died.getCause().getMessage() + " before listening on port "
                    + candidatePort + "; its stderr:\n" + errors);
        } catch (TimeoutException slow) {
            terminate(started);
            throw new IllegalStateException("dynalite did not start listening within " + options.startupTimeout()
                    + "; its stderr:\n" + stderr.text());
        } catch (InterruptedException interrupted) {
            terminate(started);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for dynalite to start", interrupted);
        } catch (RuntimeException other) {
            terminate(started);
            throw other;
        }
    }

    private Process spawn(int candidatePort) {
        List<String> command = new ArrayList<>(List.of(options.nodeExecutable()));
        if (options.dataDirectory() != null && Files.isRegularFile(preload)) {
            command.add("--require");
            command.add(preload.toAbsolutePath().toString());
        }
        command.addAll(List.of(
                cliScript.toString(),
                "--host",
                HOST,
                "--port",
                Integer.toString(candidatePort),
                // Tables are usable at once: the local stack has no reason to simulate CREATING.
                "--createTableMs",
                "0",
                "--deleteTableMs",
                "0",
                "--updateTableMs",
                "0"));
        if (options.dataDirectory() != null) {
            command.add("--path");
            command.add(options.dataDirectory().toAbsolutePath().toString());
        }
        try {
            if (options.dataDirectory() != null) {
                // The tables hold report text: only the owner may enter the folder, which also covers a dynalite
                // install without the umask preload.
                PrivateFiles.folder(options.dataDirectory());
            }
            return new ProcessBuilder(command).directory(cliDirectory.toFile()).start();
        } catch (IOException e) {
            if (options.dataDirectory() != null && !Files.isDirectory(options.dataDirectory())) {
                throw new UncheckedIOException("Cannot create dynalite data directory " + options.dataDirectory(), e);
            }
            throw new IllegalStateException(
                    "Node.js is required: install Node.js 20+ (could not run '" + options.nodeExecutable() + "': "
                            + e.getMessage() + ")",
                    e);
        }
    }

    /** Reads stdout to its end (so the pipe never fills) and signals the line dynalite prints once bound. */
    private static void watchForReadyLine(InputStream stdout, CompletableFuture<Void> listening) {
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader lines =
                            new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8))) {
                        for (String line; (line = lines.readLine()) != null; ) {
                            if (line.contains(READY_MARKER)) {
                                listening.complete(null);
                            }
                        }
                    } catch (IOException streamClosed) {
                        // The process ended; onExit reports it.
                    }
                },
                "dynalite-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    private static void awaitAcceptingConnections(int boundPort) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(HOST, boundPort), 2_000);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "dynalite reported listening on port " + boundPort + " but refuses connections", e);
        }
    }

    /** Ends the process and whatever it spawned: politely first, then forcibly. */
    private static void terminate(Process target) {
        if (target == null) {
            return;
        }
        // Collected before the parent dies: afterwards its children are re-parented and untraceable.
        List<ProcessHandle> descendants = target.descendants().toList();
        target.destroy();
        boolean interrupted = false;
        try {
            if (!target.waitFor(GRACEFUL_STOP.toMillis(), TimeUnit.MILLISECONDS)) {
                target.destroyForcibly();
                target.waitFor(GRACEFUL_STOP.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            target.destroyForcibly();
            interrupted = true;
        }
        for (ProcessHandle descendant : descendants) {
            descendant.destroy();
            try {
                descendant.onExit().get(GRACEFUL_STOP.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
                descendant.destroyForcibly();
            } catch (ExecutionException | TimeoutException e) {
                descendant.destroyForcibly();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free local port", e);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying to start dynalite", e);
        }
    }

    /**
     * How to run dynalite. {@code home} null means {@link #locateHome()}; {@code port} null means a free ephemeral
     * port; {@code dataDirectory} null means in-memory tables.
     */
    public record Options(Path home, Integer port, Path dataDirectory, String nodeExecutable, Duration startupTimeout) {

        public static Options defaults() {
            return new Options(null, null, null, "node", Duration.ofSeconds(20));
        }

        public Options withHome(Path newHome) {
            return new Options(newHome, port, dataDirectory, nodeExecutable, startupTimeout);
        }

        public Options withPort(int newPort) {
            return new Options(home, newPort, dataDirectory, nodeExecutable, startupTimeout);
        }

        public Options withDataDirectory(Path newDataDirectory) {
            return new Options(home, port, newDataDirectory, nodeExecutable, startupTimeout);
        }

        public Options withNodeExecutable(String newNodeExecutable) {
            return new Options(home, port, dataDirectory, newNodeExecutable, startupTimeout);
        }
    }

    private static final class PortInUseException extends RuntimeException {
        PortInUseException(int port, String stderr) {
            super("port " + port + " is already in use: " + stderr);
        }
    }

    /** Keeps the last few kilobytes of a stream so a failure can show what the process said. */
    private static final class OutputTail {
        private static final int LIMIT = 8_192;
        private final StringBuilder text = new StringBuilder();
        private final Thread reader;

        private OutputTail(InputStream stream, String threadName) {
            this.reader = new Thread(() -> copy(stream), threadName);
            reader.setDaemon(true);
        }

        static OutputTail drain(InputStream stream, String threadName) {
            OutputTail tail = new OutputTail(stream, threadName);
            tail.reader.start();
            return tail;
        }

        private void copy(InputStream stream) {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    synchronized (text) {
                        text.append(line).append('\n');
                        if (text.length() > LIMIT) {
                            text.delete(0, text.length() - LIMIT);
                        }
                    }
                }
            } catch (IOException streamClosed) {
                // The process ended; what was read so far is kept.
            }
        }

        String text() {
            synchronized (text) {
                return text.toString();
            }
        }

        /** The text once the process has closed the stream (bounded wait: it is only for a message). */
        String awaitText() {
            try {
                reader.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return text();
        }
    }
}
