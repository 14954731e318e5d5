package io.medsum.common.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/** A TCP endpoint that counts connections and hangs up: proof that nothing was sent to "AWS". */
public final class CountingEndpoint implements AutoCloseable {
    private final ServerSocket socket;
    private final AtomicInteger connections = new AtomicInteger();

    public CountingEndpoint() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(
                () -> {
                    while (!socket.isClosed()) {
                        try (Socket connection = socket.accept()) {
                            connections.incrementAndGet();
                        } catch (IOException closed) {
                            return;
                        }
                    }
                },
                "counting-endpoint");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    public int connections() {
        return connections.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
