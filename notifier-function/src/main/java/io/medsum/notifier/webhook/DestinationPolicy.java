package io.medsum.notifier.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where webhooks may point: receivers are not a way into the network the notifier runs in. Applied at registration
 * ({@link #refusal}) and again at every delivery ({@link #resolve}, whose addresses are the only ones a delivery
 * connects to, so a name that resolved to a public address at registration and to 169.254.169.254 now is refused: DNS
 * rebinding).
 *
 * <ul>
 *   <li>https only, no user info, no fragment, a port from 1 to 65535 if any, at most 2,048 characters;
 *   <li>a host that is a DNS name, a dotted-quad IPv4 address or a bracketed IPv6 address: no other numeric form
 *       ({@code 2130706433}, {@code 0x7f.1}, {@code 0177.0.0.1}, {@code 127.1}), which resolvers read differently (Java
 *       takes {@code 0177.0.0.1} for 177.0.0.1, C libraries for 127.0.0.1);
 *   <li>every address the host resolves to is public: not loopback, private (RFC 1918, fc00::/7), link-local (with the
 *       cloud metadata address 169.254.169.254 and fd00:ec2::254), carrier-grade NAT, documentation, benchmarking,
 *       multicast, reserved or unspecified, including IPv4 addresses embedded in IPv6 (mapped, NAT64, 6to4). One
 *       non-public address refuses the host: a resolver may answer with several and the connection may take any;
 *   <li>with an allow-list (template parameter {@code WebhookAllowedHosts}), the host matches one of its patterns:
 *       {@code hooks.example.org} exactly, {@code *.example.org} any subdomain;
 *   <li>the local stack only ({@code allowLoopback}): {@code http://127.0.0.1:<port>} receivers, and no other
 *       exception.
 * </ul>
 */
public final class DestinationPolicy {
    static final int MAX_URL_LENGTH = 2048;
    private static final String LOCAL_RECEIVER_HOST = "127.0.0.1";
    private static final int MAX_PORT = 65_535;
    /** The last label of a host that is a number (decimal, octal or hex): no top-level domain looks like one. */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("^(0x[0-9a-f]*|[0-9]+)$");

    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern DOTTED_QUAD = Pattern.compile("^" + OCTET + "(\\." + OCTET + "){3}$");

    /** Resolves a host name to all its addresses; {@link InetAddress#getAllByName} outside tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final List<String> allowedHostPatterns;
    private final boolean allowLoopback;
    private final Resolver resolver;

    public DestinationPolicy(List<String> allowedHostPatterns, boolean allowLoopback, Resolver resolver) {
        this.allowedHostPatterns = allowedHostPatterns.stream()
                .map(String::trim)
                .filter(p -> !p.isEmpty())
                .map(p -> p.toLowerCase(Locale.ROOT))
                .toList();
        this.allowLoopback = allowLoopback;
        this.resolver = resolver;
    }

    /** Parses a comma-separated allow-list as the template passes it. */
    public static List<String> patterns(String commaSeparated) {
        return commaSeparated == null || commaSeparated.isBlank()
                ? List.of()
                : Arrays.stream(commaSeparated.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList();
    }

    /** Why a URL may not be registered; empty when it may. Resolves the host, as a delivery would. */
    public Optional<String> refusal(String url) {
        Optional<URI> parsed = parse(url);
        if (parsed.isEmpty()) {
            return Optional.of("url must be an absolute https URL of at most " + MAX_URL_LENGTH + " characters");
        }
        URI uri = parsed.get();
        Optional<String> shape = shapeRefusal(uri);
        if (shape.isPresent()) {
            return shape;
        }
        try {
            resolve(uri);
            return Optional.empty();
        } catch (RefusedDestination e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * The addresses a delivery to {@code uri} may connect to: all of the host's, checked now.
     *
     * @throws RefusedDestination when the URL breaks a rule, the host does not resolve, or any address is not public
     */
    public InetAddress[] resolve(URI uri) throws RefusedDestination {
        Optional<String> shape = shapeRefusal(uri);
        if (shape.isPresent()) {
            throw new RefusedDestination(shape.get());
        }
        String host = host(uri);
        if (isLocalReceiver(uri)) {
            try {
                return new InetAddress[] {InetAddress.getByAddress(LOCAL_RECEIVER_HOST, new byte[] {127, 0, 0, 1})};
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new RefusedDestination("the host does not resolve");
        }
        if (addresses == null || addresses.length == 0) {
            throw new RefusedDestination("the host does not resolve");
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                throw new RefusedDestination(
                        "the host resolves to a private, loopback, link-local or reserved address");
            }
        }
        return addresses;
    }

    private Optional<String> shapeRefusal(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getRawUserInfo() != null) {
            return Optional.of("url must not carry user info");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("url must not have a fragment");
        }
        String host = host(uri);
        if (host.isEmpty()) {
            return Optional.of("url must name a host");
        }
        if (uri.getPort() == 0 || uri.getPort() > MAX_PORT) {
            return Optional.of("url must have a port from 1 to " + MAX_PORT);
        }
        if (isAmbiguousNumber(host)) {
            return Optional.of("url must name its host by a DNS name or a dotted-quad IPv4 address, not another "
                    + "numeric form");
        }
        if (isLocalReceiver(uri)) {
            return Optional.empty();
        }
        if (!scheme.equals("https")) {
            return Optional.of(allowLoopback ? "url must be https (or http://127.0.0.1 locally)" : "url must be https");
        }
        if (!allowedHostPatterns.isEmpty() && allowedHostPatterns.stream().noneMatch(p -> matches(p, host))) {
            return Optional.of("the host is not on this deployment's webhook allow-list");
        }
        return Optional.empty();
    }

    private boolean isLocalReceiver(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return allowLoopback
                && (scheme.equals("http") || scheme.equals("https"))
                && LOCAL_RECEIVER_HOST.equals(host(uri));
    }

    /** A host written as a number other than a dotted quad (or an IPv6 literal, which has colons). */
    static boolean isAmbiguousNumber(String host) {
        if (host.indexOf(':') >= 0) {
            return false;
        }
        String lastLabel = host.substring(host.lastIndexOf('.') + 1);
        return NUMERIC_LABEL.matcher(lastLabel).matches()
                && !DOTTED_QUAD.matcher(host).matches();
    }

    static boolean matches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            String suffix = pattern.substring(1); // ".example.org"
            return host.endsWith(suffix) && host.length() > suffix.length();
        }
        return pattern.equals(host);
    }

    private static String host(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            return "";
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    static Optional<URI> parse(String url) {
        if (url == null || url.isEmpty() || url.length() > MAX_URL_LENGTH) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(url);
            return uri.isAbsolute() && uri.getHost() != null && !uri.isOpaque() ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** Whether an address is a public unicast address a receiver may have. */
    public static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return isPublicV4(b);
        }
        if (address instanceof Inet6Address) {
            return isPublicV6(b);
        }
        return false;
    }

    private static boolean isPublicV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        return !(a0 == 0 // "this network"
                || a0 == 10
                || a0 == 127
                || (a0 == 100 && a1 >= 64 && a1 <= 127) // carrier-grade NAT
                || (a0 == 169 && a1 == 254) // link-local, cloud metadata
                || (a0 == 172 && a1 >= 16 && a1 <= 31)
                || (a0 == 192 && a1 == 0 && a2 == 0) // IETF protocol assignments
                || (a0 == 192 && a1 == 0 && a2 == 2) // TEST-NET-1
                || (a0 == 192 && a1 == 88 && a2 == 99) // 6to4 relay anycast
                || (a0 == 192 && a1 == 168)
                || (a0 == 198 && (a1 == 18 || a1 == 19)) // benchmarking
                || (a0 == 198 && a1 == 51 && a2 == 100) // TEST-NET-2
                || (a0 == 203 && a1 == 0 && a2 == 113) // TEST-NET-3
                || a0 >= 224); // multicast, reserved, broadcast
    }

    private static boolean isPublicV6(byte[] b) {
        // IPv4 embedded: mapped ::ffff:a.b.c.d and compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16.
        if (isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return isPublicV4(Arrays.copyOfRange(b, 12, 16));
        }
        if (isZero(b, 0, 12)) {
            return false; // ::, ::1 and the deprecated IPv4-compatible form
        }
        if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
            return isPublicV4(Arrays.copyOfRange(b, 12, 16));
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return isPublicV4(Arrays.copyOfRange(b, 2, 6));
        }
        int first = b[0] & 0xff;
        if ((first & 0xfe) == 0xfc) {
            return false; // unique local fc00::/7, with AWS's metadata address fd00:ec2::254
        }
        if (first == 0xfe && (b[1] & 0xc0) == 0xc0) {
            return false; // deprecated site-local fec0::/10
        }
        if (first == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
            return false; // documentation 2001:db8::/32
        }
        if (first == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xfe) == 0) {
            // IETF protocol assignments 2001::/23: Teredo 2001::/32 (tunnels to an arbitrary IPv4 address),
            // benchmarking 2001:2::/48, ORCHID; no receiver lives there
            return false;
        }
        if (first == 0x3f && (b[1] & 0xff) == 0xff && (b[2] & 0xf0) == 0) {
            return false; // documentation 3fff::/20 (RFC 9637)
        }
        return (first & 0xe0) == 0x20; // global unicast is 2000::/3; the rest is reserved
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** A destination the rules refuse; the message names the rule, never more of the URL than the client sent. */
    public static final class RefusedDestination extends Exception {
        private static final long serialVersionUID = 1L;

        public RefusedDestination(String rule) {
            super(rule);
        }
    }
}
