package io.medsum.local.hostile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds request bodies: valid reports to start from, JSON with nulls kept (the product's mapper drops them), and
 * byte-level splicing so a body can carry what no JSON library would write (invalid UTF-8, lone-surrogate escapes,
 * broken syntax) at a chosen place.
 */
final class Payloads {
    /** Marks where {@link #splice} puts raw JSON text or bytes; never part of a real payload. */
    static final String HOLE = "@@HOLE@@";

    private static final ObjectMapper PLAIN = new ObjectMapper();

    private Payloads() {}

    /** The patient id each case uses when the patient id is not what it attacks; valid, and unique per canary. */
    static String patient(String canary) {
        return "HOSTILE-" + canary;
    }

    static String text(String canary) {
        return "HISTORY: A 61-year-old woman with a week of cough, canary " + canary + ". "
                + "ASSESSMENT: Acute bronchitis. PLAN: Fluids, rest, return if febrile.";
    }

    /** A valid /summarize body carrying the canary in the patient id, text and metadata; mutate a copy. */
    static Map<String, Object> report(String canary) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("physician", "Dr " + canary);
        metadata.put("urgency", "LOW");
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("patientId", patient(canary));
        report.put("text", text(canary));
        report.put("sourceSystem", "MedicalRecord");
        report.put("metadata", metadata);
        return report;
    }

    /** A copy of {@link #report} with one field set (a null value is written as JSON null). */
    static Map<String, Object> reportWith(String canary, String field, Object value) {
        Map<String, Object> report = report(canary);
        report.put(field, value);
        return report;
    }

    static Map<String, Object> reportWithout(String canary, String... fields) {
        Map<String, Object> report = report(canary);
        for (String field : fields) {
            report.remove(field);
        }
        return report;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> reportWithMetadata(String canary, String key, Object value) {
        Map<String, Object> report = report(canary);
        ((Map<String, Object>) report.get("metadata")).put(key, value);
        return report;
    }

    static Map<String, Object> batch(List<?> reports) {
        Map<String, Object> batch = new LinkedHashMap<>();
        batch.put("reports", reports);
        return batch;
    }

    static List<Map<String, Object>> reports(String canary, int count) {
        List<Map<String, Object>> reports = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            reports.add(report(canary));
        }
        return reports;
    }

    /** JSON text, nulls included. */
    static String json(Object value) {
        try {
            return PLAIN.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static byte[] jsonBytes(Object value) {
        return json(value).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The JSON of {@code value} with its one {@link #HOLE} replaced by raw JSON text. A hole that is a whole string
     * value ({@code "@@HOLE@@"}) is replaced with its quotes, so the raw text becomes the value; a hole inside a string
     * is replaced alone, so the raw text lands inside the string.
     */
    static String spliceText(Object value, String rawJson) {
        String json = json(value);
        int[] span = hole(json);
        return json.substring(0, span[0]) + rawJson + json.substring(span[1]);
    }

    /** Like {@link #spliceText} with raw bytes, which need not be UTF-8. */
    static byte[] splice(Object value, byte[] raw) {
        String json = json(value);
        int[] span = hole(json);
        return concat(json.substring(0, span[0]), raw, json.substring(span[1]));
    }

    private static int[] hole(String json) {
        int at = json.indexOf(HOLE);
        if (at < 0 || json.indexOf(HOLE, at + 1) >= 0) {
            throw new IllegalArgumentException("Exactly one hole expected in " + json);
        }
        int end = at + HOLE.length();
        boolean wholeValue = at > 0 && json.charAt(at - 1) == '"' && end < json.length() && json.charAt(end) == '"';
        return wholeValue ? new int[] {at - 1, end + 1} : new int[] {at, end};
    }

    /** Concatenates Strings (as UTF-8), byte arrays and int arrays (each int one byte). */
    static byte[] concat(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            } else if (part instanceof byte[] b) {
                out.writeBytes(b);
            } else if (part instanceof int[] ints) {
                for (int i : ints) {
                    out.write(i);
                }
            } else {
                throw new IllegalArgumentException("Unsupported part " + part);
            }
        }
        return out.toByteArray();
    }

    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    static String ch(int codePoint) {
        return Character.toString(codePoint);
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * {@code head}, then ASCII filler, then {@code tail}, exactly {@code totalBytes} bytes of UTF-8: puts
     * {@code tail}'s multi-byte characters right at a byte limit.
     */
    static String exactBytes(String head, int totalBytes, String tail) {
        int filler = totalBytes - utf8Length(head) - utf8Length(tail);
        if (filler < 0) {
            throw new IllegalArgumentException("head and tail exceed " + totalBytes + " bytes");
        }
        String text = head + "a".repeat(filler) + tail;
        if (utf8Length(text) != totalBytes) {
            throw new IllegalStateException("Expected " + totalBytes + " bytes");
        }
        return text;
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters, as a path segment. */
    static String pathSegment(String raw) {
        StringBuilder out = new StringBuilder();
        for (byte b : raw.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String base64Url(String text) {
        return base64Url(text.getBytes(StandardCharsets.UTF_8));
    }
}
