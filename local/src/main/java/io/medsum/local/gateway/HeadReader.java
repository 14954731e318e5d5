package io.medsum.local.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a request line and header section (RFC 9112) within API Gateway's limit for REST APIs: a total combined size of
 * request line and header values of 10240 bytes. A larger head is answered 431 (read away first, so the client gets the
 * answer instead of a reset); a malformed one 400.
 */
final class HeadReader {
    /** API Gateway's quota "Total combined size of request line and header values". */
    static final int MAX_LINE_AND_VALUES_BYTES = 10_240;
    /** Names, separators and line ends count too in what is held in memory; this bounds them. */
    private static final int MAX_RAW_HEAD_BYTES = 64 * 1024;
    /** How much of an oversized head is read away before answering. */
    private static final int MAX_DISCARDED_HEAD_BYTES = 1024 * 1024;

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern VERSION = Pattern.compile("HTTP/1\\.[01]");

    private HeadReader() {}

    /** The next request's head, or null when the connection ended cleanly before one began. */
    static RequestHead read(InputStream in) throws IOException, HttpRefusal {
        List<String> lines = new ArrayList<>();
        int raw = 0;
        int counted = 0;
        boolean tooLarge = false;
        while (true) {
            String line = readLine(in);
            if (line == null) {
                if (lines.isEmpty() && raw == 0) {
                    return null;
                }
                throw new HttpRefusal(GatewayAnswers.badRequest("The request ended inside its header section"));
            }
            raw += line.length() + 2;
            if (line.isEmpty()) {
                if (lines.isEmpty()) {
                    continue; // RFC 9112 2.2: ignore empty lines before the request line
                }
                break;
            }
            if (!tooLarge) {
                counted += lines.isEmpty() ? line.length() : valueLength(line);
                tooLarge = counted > MAX_LINE_AND_VALUES_BYTES || raw > MAX_RAW_HEAD_BYTES;
                if (!tooLarge) {
                    lines.add(line);
                }
            }
            if (raw > MAX_DISCARDED_HEAD_BYTES) {
                break;
            }
        }
        if (tooLarge) {
            throw new HttpRefusal(GatewayAnswers.headersTooLarge());
        }
        return parse(lines);
    }

    private static RequestHead parse(List<String> lines) throws HttpRefusal {
        String[] requestLine = lines.get(0).split(" ", -1);
        if (requestLine.length != 3
                || !TOKEN.matcher(requestLine[0]).matches()
                || requestLine[1].isEmpty()
                || !VERSION.matcher(requestLine[2]).matches()) {
            throw new HttpRefusal(GatewayAnswers.badRequest("The request line is malformed"));
        }
        List<RequestHead.Header> headers = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(':');
            // No obsolete line folding, no whitespace before the colon (RFC 9112 5.1, 5.2).
            if (colon <= 0 || !TOKEN.matcher(line.substring(0, colon)).matches()) {
                throw new HttpRefusal(GatewayAnswers.badRequest("A header line is malformed"));
            }
            String value = line.substring(colon + 1).strip();
            if (value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                throw new HttpRefusal(GatewayAnswers.badRequest("A header value holds control characters"));
            }
            headers.add(new RequestHead.Header(line.substring(0, colon), value));
        }
        return new RequestHead(requestLine[0], requestLine[1], requestLine[2], headers);
    }

    private static int valueLength(String headerLine) {
        int colon = headerLine.indexOf(':');
        return colon < 0
                ? headerLine.length()
                : headerLine.substring(colon + 1).strip().length();
    }

    /**
     * One line without its CRLF (a bare LF is accepted, RFC 9112 2.2), as ISO-8859-1; null at end of stream. A line
     * longer than the discard bound is returned cut, which still fails the size check.
     */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            if (line.size() <= MAX_DISCARDED_HEAD_BYTES) {
                line.write(b);
            }
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
