package io.medsum.notifier.delivery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The HTTP client's only way from a host name to addresses: the answer
 * {@link io.medsum.notifier.webhook.DestinationPolicy#resolve} gave for this delivery, and nothing else. The sender
 * pins that answer to its own thread for the duration of one request (the classic client connects on the calling
 * thread); any other lookup, on any thread, fails, so no connection can go to an address the policy did not check just
 * now. The host name itself stays the request's, so TLS still sends it (SNI) and verifies the certificate against it.
 */
final class PinnedDnsResolver implements DnsResolver {
    /** What a delivery may connect to. */
    private record Pin(String host, InetAddress[] addresses) {}

    private final ThreadLocal<Pin> pins = new ThreadLocal<>();

    /** Runs {@code call} with {@code host} resolving to exactly {@code addresses} on this thread. */
    <T> T pinned(String host, InetAddress[] addresses, IoCall<T> call) throws IOException {
        if (addresses.length == 0) {
            throw new IllegalArgumentException("no address to pin");
        }
        pins.set(new Pin(normalize(host), addresses.clone()));
        try {
            return call.run();
        } finally {
            pins.remove();
        }
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        Pin pin = pins.get();
        if (pin == null || !pin.host().equals(normalize(host))) {
            throw new UnknownHostException("not resolved by the destination policy for this delivery");
        }
        return pin.addresses().clone();
    }

    /**
     * Never an unresolved address (the default would return one for a null answer, and the socket would resolve it).
     */
    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        InetAddress[] addresses = resolve(host);
        List<InetSocketAddress> endpoints = new ArrayList<>(addresses.length);
        for (InetAddress address : addresses) {
            endpoints.add(new InetSocketAddress(address, port));
        }
        return endpoints;
    }

    /** No reverse lookup: the name stays the one the webhook was registered with. */
    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }

    static String normalize(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    @FunctionalInterface
    interface IoCall<T> {
        T run() throws IOException;
    }
}
