package io.medsum.cli.api;

import java.net.URI;
import java.util.Locale;

/**
 * The CLI follows a URL the server gave it (a {@code statusUrl}, a {@code Location}) only on the origin (scheme, host,
 * port; RFC 6454) of the API URL it was given: anywhere else the API key or the AWS signature would go to a host the
 * user never chose.
 */
final class SameOrigin {
    private SameOrigin() {}

    /** {@code url} itself when it has the API's origin; otherwise refused without any request being made. */
    static URI require(URI api, URI url) {
        if (!same(api, url)) {
            throw new ForeignUrlException("The server pointed to " + origin(url) + ", which is not the API's origin "
                    + origin(api) + "; not following it (the API key would go along)");
        }
        return url;
    }

    static boolean same(URI a, URI b) {
        return a.getScheme() != null
                && b.getScheme() != null
                && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null
                && b.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b)
                && a.getRawUserInfo() == null
                && b.getRawUserInfo() == null;
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return switch (uri.getScheme().toLowerCase(Locale.ROOT)) {
            case "http" -> 80;
            case "https" -> 443;
            default -> -1;
        };
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
    }

    /** A server-given URL on another origin. */
    static final class ForeignUrlException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        ForeignUrlException(String message) {
            super(message);
        }
    }
}
