package io.medsum.local.hostile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One HTTP request exactly as it goes on the wire: method, raw request target (path and query, not re-encoded), headers
 * in order, and the body as bytes, so invalid UTF-8 and broken JSON travel unchanged.
 *
 * @param target the request target, e.g. {@code /reports/P1/REPORT-...?limit=0}; sent as given
 * @param headers name/value pairs in order; a name may repeat
 * @param body the body bytes, or null for no body
 * @param apiKey how to authenticate: {@link ApiKey#VALID} adds the stack's key
 * @param transport {@link Transport#JDK} uses java.net.http; {@link Transport#RAW} writes the bytes on a socket, for
 *     what java.net.http refuses to send (control bytes in header values); {@link Transport#VERBATIM} too, but adds no
 *     framing header and ends the request with end-of-stream, so the body may contradict its own Content-Length or
 *     chunked coding
 * @param chunked send the body with chunked transfer coding instead of a Content-Length
 */
record WireRequest(
        String method,
        String target,
        List<Header> headers,
        byte[] body,
        ApiKey apiKey,
        Transport transport,
        boolean chunked) {

    enum Transport {
        JDK,
        RAW,
        VERBATIM
    }

    /** A header; on the RAW transport its value's chars 0-255 are written as single bytes. */
    record Header(String name, String value) {}

    /** The x-api-key to send: the stack's own, none, or a given wrong one. */
    record ApiKey(Mode mode, String value) {
        enum Mode {
            VALID,
            MISSING,
            GIVEN
        }

        static final ApiKey VALID = new ApiKey(Mode.VALID, null);
        static final ApiKey MISSING = new ApiKey(Mode.MISSING, null);

        static ApiKey given(String value) {
            return new ApiKey(Mode.GIVEN, value);
        }
    }

    static WireRequest get(String target) {
        return new WireRequest("GET", target, List.of(), null, ApiKey.VALID, Transport.JDK, false);
    }

    /** A POST with {@code Content-Type: application/json}. */
    static WireRequest postJson(String target, byte[] body) {
        return new WireRequest(
                "POST",
                target,
                List.of(new Header("Content-Type", "application/json")),
                body,
                ApiKey.VALID,
                Transport.JDK,
                false);
    }

    static WireRequest postJson(String target, String body) {
        return postJson(target, body.getBytes(StandardCharsets.UTF_8));
    }

    WireRequest withMethod(String newMethod) {
        return new WireRequest(newMethod, target, headers, body, apiKey, transport, chunked);
    }

    WireRequest withHeader(String name, String value) {
        List<Header> more = new ArrayList<>(headers);
        more.add(new Header(name, value));
        return new WireRequest(method, target, List.copyOf(more), body, apiKey, transport, chunked);
    }

    /** Replaces every header of that name (any case); a null value removes them. */
    WireRequest replacingHeader(String name, String value) {
        List<Header> kept = new ArrayList<>(
                headers.stream().filter(h -> !h.name().equalsIgnoreCase(name)).toList());
        if (value != null) {
            kept.add(new Header(name, value));
        }
        return new WireRequest(method, target, List.copyOf(kept), body, apiKey, transport, chunked);
    }

    WireRequest withTarget(String newTarget) {
        return new WireRequest(method, newTarget, headers, body, apiKey, transport, chunked);
    }

    WireRequest withApiKey(ApiKey key) {
        return new WireRequest(method, target, headers, body, key, transport, chunked);
    }

    WireRequest raw() {
        return new WireRequest(method, target, headers, body, apiKey, Transport.RAW, chunked);
    }

    WireRequest verbatim() {
        return new WireRequest(method, target, headers, body, apiKey, Transport.VERBATIM, chunked);
    }

    WireRequest chunkedBody() {
        return new WireRequest(method, target, headers, body, apiKey, transport, true);
    }
}
