package io.medsum.local.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A parsed HTTP/1.x request line and header section. Header names keep their case; lookups ignore it. */
record RequestHead(String method, String target, String version, List<Header> headers) {
    record Header(String name, String value) {}

    RequestHead {
        headers = List.copyOf(headers);
    }

    /** The first value of a header, or null. */
    String first(String name) {
        for (Header header : headers) {
            if (header.name().equalsIgnoreCase(name)) {
                return header.value();
            }
        }
        return null;
    }

    List<String> all(String name) {
        List<String> values = new ArrayList<>();
        for (Header header : headers) {
            if (header.name().equalsIgnoreCase(name)) {
                values.add(header.value());
            }
        }
        return values;
    }

    /** HTTP/1.1 keeps the connection unless told to close; HTTP/1.0 closes unless told to keep it. */
    boolean keepAlive() {
        String connection = first("Connection");
        String tokens = connection == null ? "" : connection.toLowerCase(Locale.ROOT);
        return version.equals("HTTP/1.1") ? !tokens.contains("close") : tokens.contains("keep-alive");
    }
}
