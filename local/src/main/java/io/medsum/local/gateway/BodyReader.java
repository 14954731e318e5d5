package io.medsum.local.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A request body framed by Content-Length or chunked transfer coding (RFC 9112 6-7), read up to a limit. A body that
 * lies about its framing is a 400; a larger one than the limit a 413.
 */
final class BodyReader {
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
    private static final Pattern CHUNK_SIZE = Pattern.compile("[0-9A-Fa-f]{1,15}");
    private static final int MAX_CHUNK_LINE = 4096;

    /** How the body is framed: -1 for chunked, else its length (0 for none). */
    private final long declaredLength;

    private BodyReader(long declaredLength) {
        this.declaredLength = declaredLength;
    }

    /** The framing the head declares; refuses conflicting or malformed framing headers as request smuggling would. */
    static BodyReader framing(RequestHead head) throws HttpRefusal {
        List<String> encodings = head.all("Transfer-Encoding");
        List<String> lengths = head.all("Content-Length");
        if (!encodings.isEmpty()) {
            if (!lengths.isEmpty()) {
                throw new HttpRefusal(
                        GatewayAnswers.badRequest("Content-Length and Transfer-Encoding must not both be sent"));
            }
            if (encodings.size() != 1
                    || !encodings.get(0).toLowerCase(Locale.ROOT).equals("chunked")) {
                throw new HttpRefusal(GatewayAnswers.badRequest("Only the chunked transfer coding is supported"));
            }
            return new BodyReader(-1);
        }
        if (lengths.isEmpty()) {
            return new BodyReader(0);
        }
        String first = lengths.get(0);
        for (String length : lengths) {
            if (!length.equals(first) || !DIGITS.matcher(length).matches()) {
                throw new HttpRefusal(GatewayAnswers.badRequest("The Content-Length header is malformed"));
            }
        }
        return new BodyReader(Long.parseLong(first));
    }

    boolean chunked() {
        return declaredLength < 0;
    }

    boolean hasBody() {
        return declaredLength != 0;
    }

    /** True when the declared length alone already exceeds {@code limit}. */
    boolean declaredOver(long limit) {
        return declaredLength > limit;
    }

    /** The body, or null when it exceeds {@code limit} (the rest is then left unread). */
    byte[] read(InputStream in, int limit) throws IOException, HttpRefusal {
        if (declaredLength == 0) {
            return new byte[0];
        }
        if (declaredLength > 0) {
            if (declaredLength > limit) {
                return null;
            }
            byte[] body = in.readNBytes((int) declaredLength);
            if (body.length < declaredLength) {
                throw ended();
            }
            return body;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = chunkLine(in);
            int extension = sizeLine.indexOf(';');
            String size = (extension >= 0 ? sizeLine.substring(0, extension) : sizeLine).strip();
            if (!CHUNK_SIZE.matcher(size).matches()) {
                throw new HttpRefusal(GatewayAnswers.badRequest("The request body's chunked coding is malformed"));
            }
            long chunk = Long.parseLong(size, 16);
            if (chunk == 0) {
                // Trailer fields, ignored, up to the empty line.
                while (!chunkLine(in).isEmpty()) {
                    // read away
                }
                return body.toByteArray();
            }
            if (body.size() + chunk > limit) {
                return null;
            }
            byte[] data = in.readNBytes((int) chunk);
            if (data.length < chunk) {
                throw ended();
            }
            body.write(data);
            if (!chunkLine(in).isEmpty()) {
                throw new HttpRefusal(GatewayAnswers.badRequest("The request body's chunked coding is malformed"));
            }
        }
    }

    private static String chunkLine(InputStream in) throws IOException, HttpRefusal {
        ByteArrayOutputStream line = new ByteArrayOutputStream(16);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            if (line.size() >= MAX_CHUNK_LINE) {
                throw new HttpRefusal(GatewayAnswers.badRequest("The request body's chunked coding is malformed"));
            }
            line.write(b);
        }
        throw ended();
    }

    private static HttpRefusal ended() {
        return new HttpRefusal(GatewayAnswers.badRequest(
                "The request body could not be read: it ended early or its framing is malformed"));
    }
}
