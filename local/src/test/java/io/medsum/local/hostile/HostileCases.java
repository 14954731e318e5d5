package io.medsum.local.hostile;

import static io.medsum.local.hostile.HostileCase.Expected.forbidden;
import static io.medsum.local.hostile.HostileCase.Expected.gatewayProblem;
import static io.medsum.local.hostile.HostileCase.Expected.problem;
import static io.medsum.local.hostile.Payloads.HOLE;
import static io.medsum.local.hostile.Payloads.batch;
import static io.medsum.local.hostile.Payloads.bytes;
import static io.medsum.local.hostile.Payloads.ch;
import static io.medsum.local.hostile.Payloads.concat;
import static io.medsum.local.hostile.Payloads.exactBytes;
import static io.medsum.local.hostile.Payloads.json;
import static io.medsum.local.hostile.Payloads.jsonBytes;
import static io.medsum.local.hostile.Payloads.pathSegment;
import static io.medsum.local.hostile.Payloads.patient;
import static io.medsum.local.hostile.Payloads.report;
import static io.medsum.local.hostile.Payloads.reportWith;
import static io.medsum.local.hostile.Payloads.reportWithMetadata;
import static io.medsum.local.hostile.Payloads.reportWithout;
import static io.medsum.local.hostile.Payloads.reports;
import static io.medsum.local.hostile.Payloads.splice;
import static io.medsum.local.hostile.Payloads.spliceText;
import static io.medsum.local.hostile.Payloads.text;

import io.medsum.local.hostile.HostileCase.Expected;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The hostile-input case table: every bad request the suite sends, generated per category, each with the status it must
 * get. Canaries go into every payload that can carry one, so an answer that echoes input is caught. Nothing here may be
 * accepted; hostile input that is valid (and so written) lives in {@link HostileButValidRequestsTest}.
 */
final class HostileCases {
    static final String SUMMARIZE = "/summarize";
    static final String BATCH = "/reports/batch";
    /** The contract's limits, written out rather than read from the code under test. */
    static final int TEXT_LIMIT = 51_200;

    static final int BODY_LIMIT = 6 * 1024 * 1024;
    static final int BATCH_LIMIT = 100;
    /** A well-formed report id (REPORT- and a Crockford base32 ULID) that no stack ever issued. */
    static final String UNKNOWN_REPORT_ID = "REPORT-01HZX3K9V7Q2W8E5R4T6Y1M0PA";

    private final List<HostileCase> cases = new ArrayList<>();
    private String category;

    private HostileCases() {}

    static List<HostileCase> all() {
        HostileCases table = new HostileCases();
        table.brokenJson();
        table.truncatedJson();
        table.wrongTypes();
        table.missingFields();
        table.emptyText();
        table.textOverLimit();
        table.bodyOver6Mb();
        table.deepNesting();
        table.hugeMetadata();
        table.badPatientIdsInBody();
        table.badPatientIdsInPath();
        table.badReportIds();
        table.controlCharacters();
        table.invalidUtf8();
        table.loneSurrogates();
        table.duplicateKeys();
        table.unknownFields();
        table.contentTypes();
        table.wrongMethods();
        table.idempotencyKeys();
        table.batchEnvelopes();
        table.listQueries();
        table.apiKeys();
        table.routing();
        table.protocol();
        table.reviewDecisions();
        table.checkNamesAreUnique();
        return List.copyOf(table.cases);
    }

    // ------------------------------------------------------------------ helpers

    private void category(String name) {
        this.category = name;
    }

    private void add(String name, Expected expected, Function<String, WireRequest> request) {
        cases.add(new HostileCase(category, name, request, expected));
    }

    private void checkNamesAreUnique() {
        Set<String> seen = new LinkedHashSet<>();
        for (HostileCase c : cases) {
            if (!seen.add(c.category() + "/" + c.name())) {
                throw new IllegalStateException("Duplicate case name: " + c.category() + "/" + c.name());
            }
        }
    }

    private static WireRequest summarize(Object body) {
        return WireRequest.postJson(SUMMARIZE, jsonBytes(body));
    }

    private static WireRequest summarizeText(String rawJson) {
        return WireRequest.postJson(SUMMARIZE, rawJson);
    }

    private static WireRequest summarizeBytes(byte[] rawJson) {
        return WireRequest.postJson(SUMMARIZE, rawJson);
    }

    /** The valid report with its text set to {@code head + HOLE + tail}, for splicing. */
    private static Map<String, Object> reportWithTextHole(String canary) {
        return reportWith(canary, "text", "Report " + canary + " says " + HOLE + " and ends here.");
    }

    // ------------------------------------------------------------------ categories

    private void brokenJson() {
        category("broken-json");
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("trailing comma", "{\"patientId\":\"%P\",\"text\":\"%T\",}");
        bodies.put("single-quoted strings", "{'patientId':'%P','text':'%T'}");
        bodies.put("unquoted keys", "{patientId:\"%P\",text:\"%T\"}");
        bodies.put("block comment", "{/* %C */\"patientId\":\"%P\",\"text\":\"%T\"}");
        bodies.put("line comment", "// %C\n{\"patientId\":\"%P\",\"text\":\"%T\"}");
        bodies.put("NaN value", "{\"patientId\":\"%P\",\"text\":\"%T\",\"metadata\":NaN}");
        bodies.put("Infinity value", "{\"patientId\":\"%P\",\"text\":\"%T\",\"metadata\":-Infinity}");
        bodies.put("python None", "{\"patientId\":\"%P\",\"text\":\"%T\",\"metadata\":None}");
        bodies.put("missing colon", "{\"patientId\" \"%P\",\"text\":\"%T\"}");
        bodies.put("missing comma", "{\"patientId\":\"%P\" \"text\":\"%T\"}");
        bodies.put("unterminated string", "{\"patientId\":\"%P\",\"text\":\"%T}");
        bodies.put("raw newline inside string", "{\"patientId\":\"%P\",\"text\":\"%T\nsecond line\"}");
        bodies.put("invalid escape \\x", "{\"patientId\":\"%P\",\"text\":\"%T \\x41\"}");
        bodies.put("short unicode escape", "{\"patientId\":\"%P\",\"text\":\"%T \\u12\"}");
        bodies.put("backslash at end of string", "{\"patientId\":\"%P\",\"text\":\"%T\\\"}");
        bodies.put("two documents", "{\"patientId\":\"%P\",\"text\":\"%T\"}{\"patientId\":\"%P\",\"text\":\"%T\"}");
        bodies.put("trailing garbage", "{\"patientId\":\"%P\",\"text\":\"%T\"}x");
        bodies.put("extra closing brace", "{\"patientId\":\"%P\",\"text\":\"%T\"}}");
        bodies.put("leading garbage", "x{\"patientId\":\"%P\",\"text\":\"%T\"}");
        bodies.put("leading zero number", "{\"patientId\":\"%P\",\"text\":\"%T\",\"metadata\":012}");
        bodies.put("hex number", "{\"patientId\":0x1F,\"text\":\"%T\"}");
        bodies.put("number key", "{1:\"%P\",\"text\":\"%T\"}");
        bodies.put("array with missing value", "{\"patientId\":\"%P\",\"text\":\"%T\",\"metadata\":[1,,2]}");
        bodies.put("javascript undefined", "undefined");
        bodies.put("javascript object literal", "({patientId: '%P', text: '%T'})");
        bodies.put("huge number", "{\"patientId\":1" + "0".repeat(2000) + ",\"text\":\"%T\"}");
        bodies.put("huge field name", "{\"" + "k".repeat(60_000) + "\":1,\"patientId\":\"%P\",\"text\":\"%T\"}");
        bodies.put("empty body", "");
        bodies.put("whitespace-only body", "  \r\n\t  ");
        for (String fragment : List.of(
                "{",
                "}",
                "[",
                "]",
                "\"",
                ":",
                ",",
                "nul",
                "tru",
                "{\"",
                "{\"patientId\"",
                "{\"patientId\":",
                "{,}",
                "[}",
                "{]")) {
            bodies.put("fragment " + fragment, fragment);
        }
        bodies.forEach((name, template) -> add(
                name,
                problem(400),
                c -> summarizeText(template.replace("%P", patient(c))
                        .replace("%T", text(c))
                        .replace("%C", c))));
        add("POST without a body", problem(400), c -> WireRequest.postJson(SUMMARIZE, (byte[]) null));
    }

    private void truncatedJson() {
        category("truncated-json");
        // Multi-byte characters in the body so some cuts fall inside a character.
        Function<String, byte[]> full = c -> jsonBytes(reportWith(
                c,
                "text",
                "Temp 38.5 \u00b0C \u2014 pain 7/10 " + ch(0x1F62C) + " canary " + c + ". ASSESSMENT: Viral illness."));
        for (int cut : new int[] {1, 2, 5, 12, 30}) {
            add("first " + cut + " bytes", problem(400), c -> summarizeBytes(Arrays.copyOf(full.apply(c), cut)));
        }
        for (int percent : new int[] {25, 50, 75, 90}) {
            add(percent + "% of the body", problem(400), c -> {
                byte[] body = full.apply(c);
                return summarizeBytes(Arrays.copyOf(body, body.length * percent / 100));
            });
        }
        for (int missing : new int[] {1, 2, 3}) {
            add("all but the last " + missing + " bytes", problem(400), c -> {
                byte[] body = full.apply(c);
                return summarizeBytes(Arrays.copyOf(body, body.length - missing));
            });
        }
        Map<String, String> inside = new LinkedHashMap<>();
        inside.put("2-byte \u00b0", "\u00b0");
        inside.put("3-byte \u2014", "\u2014");
        inside.put("4-byte emoji", ch(0x1F62C));
        inside.forEach((name, character) -> {
            int width = Payloads.utf8Length(character);
            for (int into = 1; into < width; into++) {
                int keep = into;
                add("cut " + keep + " byte(s) into the " + name, problem(400), c -> {
                    byte[] body = full.apply(c);
                    int at = indexOf(body, character.getBytes(StandardCharsets.UTF_8));
                    return summarizeBytes(Arrays.copyOf(body, at + keep));
                });
            }
        });
    }

    private void wrongTypes() {
        category("wrong-types");
        Map<String, List<Object>> wrong = new LinkedHashMap<>();
        wrong.put(
                "patientId",
                values(123, -1, 1.5, true, false, List.of(), List.of("P-1"), Map.of(), Map.of("id", "P-1")));
        wrong.put(
                "text",
                values(
                        42,
                        0,
                        3.14,
                        true,
                        List.of(),
                        List.of("HISTORY: cough"),
                        Map.of(),
                        Map.of("value", "HISTORY: cough")));
        wrong.put("sourceSystem", values(7, true, List.of(), List.of("MedicalRecord"), Map.of()));
        wrong.put("metadata", values("physician=Dr Grey", 5, true, List.of(), List.of(Map.of("physician", "Dr Grey"))));
        wrong.forEach((field, values) -> {
            for (Object value : values) {
                add(
                        field + " as " + describe(value),
                        problem(400),
                        c -> summarize(reportWith(c, field, canaried(value, c))));
            }
        });
        for (String field : List.of("patientId", "text")) {
            add(field + " as null", problem(400), c -> summarize(reportWith(c, field, null)));
        }
        // Whole body of the wrong type.
        add("body as empty array", problem(400), c -> summarizeText("[]"));
        add("body as array of a report", problem(400), c -> summarize(List.of(report(c))));
        add("body as string", problem(400), c -> summarize("HISTORY " + c));
        add("body as number", problem(400), c -> summarizeText("123"));
        add("body as boolean", problem(400), c -> summarizeText("true"));
        add("body as null", problem(400), c -> summarizeText("null"));
        add("body as JSON-encoded string of a report", problem(400), c -> summarize(json(report(c))));
    }

    private void missingFields() {
        category("missing-fields");
        add("empty object", problem(400), c -> summarizeText("{}"));
        add("no patientId", problem(400), c -> summarize(reportWithout(c, "patientId")));
        add("no text", problem(400), c -> summarize(reportWithout(c, "text")));
        add("neither patientId nor text", problem(400), c -> summarize(reportWithout(c, "patientId", "text")));
        add("only metadata", problem(400), c -> summarize(reportWithout(c, "patientId", "text", "sourceSystem")));
        add("only sourceSystem", problem(400), c -> summarize(reportWithout(c, "patientId", "text", "metadata")));
        add("text under another case (Text)", problem(400), c -> {
            Map<String, Object> body = reportWithout(c, "text");
            body.put("Text", text(c));
            return summarize(body);
        });
        add("patientId in snake case", problem(400), c -> {
            Map<String, Object> body = reportWithout(c, "patientId");
            body.put("patient_id", patient(c));
            return summarize(body);
        });
        add("field name with a trailing space", problem(400), c -> {
            Map<String, Object> body = reportWithout(c, "text");
            body.put("text ", text(c));
            return summarize(body);
        });
    }

    private void emptyText() {
        category("empty-text");
        Map<String, String> blanks = new LinkedHashMap<>();
        blanks.put("empty", "");
        blanks.put("one space", " ");
        blanks.put("tab", "\t");
        blanks.put("newline", "\n");
        blanks.put("CRLF", "\r\n");
        blanks.put("mixed ASCII whitespace", " \t\r\n \t ");
        blanks.put("10,000 spaces", " ".repeat(10_000));
        blanks.put("51,201 spaces (blank before too large)", " ".repeat(TEXT_LIMIT + 1));
        blanks.put("no-break spaces U+00A0", ch(0xA0).repeat(3));
        blanks.put("figure space U+2007", ch(0x2007));
        blanks.put("narrow no-break space U+202F", ch(0x202F));
        blanks.put("ideographic space U+3000", ch(0x3000));
        blanks.put("zero-width space U+200B", ch(0x200B));
        blanks.put("byte order mark U+FEFF", ch(0xFEFF));
        blanks.put("line separator U+2028", ch(0x2028));
        blanks.put("paragraph separator U+2029", ch(0x2029));
        blanks.put(
                "mixed Unicode blanks",
                " " + ch(0xA0) + ch(0x200B) + "\t" + ch(0x3000) + ch(0xFEFF) + ch(0x2060) + "\n");
        blanks.forEach((name, text) -> add(name, problem(400), c -> summarize(reportWith(c, "text", text))));
    }

    private void textOverLimit() {
        category("text-over-51200-bytes");
        String e2 = "\u00e9"; // 2 bytes
        String e3 = "\u20ac"; // 3 bytes
        String e4 = ch(0x1F600); // 4 bytes, a surrogate pair in Java
        add(
                "51,201 ASCII bytes",
                problem(413),
                c -> summarize(reportWith(c, "text", exactBytes(c + " ", TEXT_LIMIT + 1, ""))));
        add(
                "2-byte char straddling the limit",
                problem(413),
                c -> summarize(reportWith(c, "text", exactBytes(c + " ", TEXT_LIMIT + 1, e2))));
        add(
                "3-byte char straddling the limit by 1",
                problem(413),
                c -> summarize(reportWith(c, "text", exactBytes(c + " ", TEXT_LIMIT + 1, e3))));
        add(
                "3-byte char straddling the limit by 2",
                problem(413),
                c -> summarize(reportWith(c, "text", exactBytes(c + " ", TEXT_LIMIT + 2, e3))));
        add(
                "4-byte char straddling the limit by 1",
                problem(413),
                c -> summarize(reportWith(c, "text", exactBytes(c + " ", TEXT_LIMIT + 1, e4))));
        add(
                "4-byte char straddling the limit by 3",
                problem(413),
                c -> summarize(reportWith(c, "text", exactBytes(c + " ", TEXT_LIMIT + 3, e4))));
        add(
                "25,601 2-byte chars (51,202 bytes, 25,601 chars)",
                problem(413),
                c -> summarize(reportWith(c, "text", c + e2.repeat(25_601))));
        add(
                "17,067 3-byte chars (51,201 bytes + canary)",
                problem(413),
                c -> summarize(reportWith(c, "text", c + e3.repeat(17_067))));
        add(
                "12,801 4-byte chars (51,204 bytes, 25,602 UTF-16 units)",
                problem(413),
                c -> summarize(reportWith(c, "text", c + e4.repeat(12_801))));
        add("51,200 characters but 51,201 bytes", problem(413), c -> {
            String text = c + " " + "a".repeat(TEXT_LIMIT - c.length() - 2) + e2;
            return summarize(reportWith(c, "text", text));
        });
        add(
                "edge char sent as a \\u escape",
                problem(413),
                c -> summarizeText(spliceText(
                        reportWith(c, "text", exactBytes(c + " ", TEXT_LIMIT - 1, "") + HOLE), "\\u00e9")));
        add(
                "edge emoji sent as escaped surrogate pair",
                problem(413),
                c -> summarizeText(spliceText(
                        reportWith(c, "text", exactBytes(c + " ", TEXT_LIMIT - 3, "") + HOLE), "\\ud83d\\ude00")));
        add(
                "51,201 bytes of CRLF-separated lines",
                problem(413),
                c -> summarize(reportWith(
                        c, "text", exactBytes(c + "\r\n", TEXT_LIMIT + 1, "").replace("aaaaaaaaa", "aaaaaaa\r\n"))));
        add("60,000 bytes", problem(413), c -> summarize(reportWith(c, "text", exactBytes(c + " ", 60_000, ""))));
        add("1 MiB", problem(413), c -> summarize(reportWith(c, "text", exactBytes(c + " ", 1 << 20, ""))));
        add(
                "5 MiB (body under 6 MB)",
                problem(413),
                c -> summarize(reportWith(c, "text", exactBytes(c + " ", 5 << 20, ""))));
    }

    private void bodyOver6Mb() {
        category("body-over-6mb");
        add("6 MiB + 1 byte", problem(413), c -> summarizeBytes(bodyOfExactly(c, BODY_LIMIT + 1)));
        add(
                "6 MiB + 1 byte, chunked (no Content-Length)",
                problem(413),
                c -> summarizeBytes(bodyOfExactly(c, BODY_LIMIT + 1)).chunkedBody());
        add(
                "16 MiB (the client is still sending when the answer comes)",
                problem(413),
                c -> summarizeBytes(bodyOfExactly(c, 16 << 20)));
        add("valid small report padded with whitespace to 6 MiB + 1", problem(413), c -> {
            byte[] json = jsonBytes(report(c));
            return summarizeBytes(concat(json, " ".repeat(BODY_LIMIT + 1 - json.length)));
        });
        add(
                "batch of 6 MiB + 1 byte",
                problem(413),
                c -> WireRequest.postJson(
                        BATCH,
                        concat(
                                "{\"reports\":[" + json(report(c)) + ",",
                                bodyOfExactly(
                                        c, BODY_LIMIT + 1 - json(report(c)).length() - 15),
                                "]}")));
        add(
                "exactly 6 MiB with over-long text (function answers)",
                problem(413),
                c -> summarizeBytes(bodyOfExactly(c, BODY_LIMIT)));
        add(
                "6 MiB + 1 byte on a GET route",
                gatewayProblem(413),
                c -> new WireRequest(
                        "GET",
                        "/patients/" + patient(c) + "/reports",
                        List.of(),
                        bodyOfExactly(c, BODY_LIMIT + 1),
                        WireRequest.ApiKey.VALID,
                        WireRequest.Transport.JDK,
                        false));
    }

    /** A report whose text pads the JSON body to exactly {@code bytes} bytes. */
    private static byte[] bodyOfExactly(String canary, int bytes) {
        String shell = json(reportWith(canary, "text", HOLE));
        int fill = bytes - Payloads.utf8Length(shell) + HOLE.length();
        byte[] body = jsonBytes(reportWith(canary, "text", canary + " " + "a".repeat(fill - canary.length() - 1)));
        if (body.length != bytes) {
            throw new IllegalStateException("Body is " + body.length + " bytes, wanted " + bytes);
        }
        return body;
    }

    private void deepNesting() {
        category("deep-nesting");
        add("arrays 17 deep (limit 16)", problem(400), c -> summarizeText("[".repeat(17) + "]".repeat(17)));
        add("arrays 10,000 deep", problem(400), c -> summarizeText("[".repeat(10_000) + "]".repeat(10_000)));
        add("100,000 unclosed arrays", problem(400), c -> summarizeText("[".repeat(100_000)));
        add(
                "objects 10,000 deep",
                problem(400),
                c -> summarizeText("{\"a\":".repeat(10_000) + "\"" + c + "\"" + "}".repeat(10_000)));
        add(
                "metadata value 20 objects deep",
                problem(400),
                c -> summarizeText(spliceText(
                        reportWithMetadata(c, "physician", HOLE),
                        "{\"a\":".repeat(20) + "\"" + c + "\"" + "}".repeat(20))));
        add(
                "text as arrays 1,000 deep",
                problem(400),
                c -> summarizeText(spliceText(
                        reportWith(c, "text", HOLE), "[".repeat(1_000) + "\"" + c + "\"" + "]".repeat(1_000))));
        add(
                "metadata value nested 3 deep (under the limit)",
                problem(400),
                c -> summarize(reportWithMetadata(c, "physician", Map.of("a", Map.of("b", "Dr " + c)))));
        add(
                "unknown field nested 14 deep (under the limit)",
                problem(400),
                c -> summarizeText(
                        spliceText(reportWith(c, "extra", HOLE), "[".repeat(14) + "\"" + c + "\"" + "]".repeat(14))));
        add(
                "batch of arrays 50 deep",
                problem(400),
                c -> WireRequest.postJson(
                        BATCH, "{\"reports\":" + "[".repeat(50) + json(report(c)) + "]".repeat(50) + "}"));
        add(
                "batch item with metadata 20 deep",
                problem(400),
                c -> WireRequest.postJson(
                        BATCH,
                        spliceText(
                                batch(List.of(reportWithMetadata(c, "physician", HOLE))),
                                "{\"a\":".repeat(20) + "1" + "}".repeat(20))));
    }

    private void hugeMetadata() {
        category("huge-metadata");
        for (int keys : new int[] {21, 100, 10_000, 100_000}) {
            add(keys + " keys", problem(400), c -> {
                Map<String, Object> metadata = new LinkedHashMap<>();
                for (int i = 0; i < keys; i++) {
                    metadata.put("k" + i, "v " + c);
                }
                return summarize(reportWith(c, "metadata", metadata));
            });
        }
        add(
                "value of 257 ASCII chars",
                problem(400),
                c -> summarize(reportWithMetadata(c, "physician", exactBytes(c, 257, ""))));
        add(
                "value of 257 2-byte chars",
                problem(400),
                c -> summarize(reportWithMetadata(c, "physician", c + "\u00e9".repeat(257 - c.length()))));
        add(
                "value of 10,000 chars",
                problem(400),
                c -> summarize(reportWithMetadata(c, "physician", exactBytes(c, 10_000, ""))));
        add(
                "value of 1,000,000 chars",
                problem(400),
                c -> summarize(reportWithMetadata(c, "physician", exactBytes(c, 1_000_000, ""))));
        for (Object value :
                values(42, 0, -1.5, true, false, List.of(), List.of("Dr Grey"), Map.of(), Map.of("name", "Dr Grey"))) {
            add(
                    "value as " + describe(value),
                    problem(400),
                    c -> summarize(reportWithMetadata(c, "physician", canaried(value, c))));
        }
        add("value as null", problem(400), c -> summarize(reportWithMetadata(c, "physician", null)));
        Map<String, String> badKeys = new LinkedHashMap<>();
        badKeys.put("empty key", "");
        badKeys.put("65-char key", "k".repeat(65));
        badKeys.put("key with a space", "attending physician");
        badKeys.put("key with a slash", "a/b");
        badKeys.put("key with ../", "../secret");
        badKeys.put("key with #", "IDEMPOTENCY#1");
        badKeys.put("key with $", "$where");
        badKeys.put("key with a colon", "a:b");
        badKeys.put("Cyrillic key", "\u0432\u0440\u0430\u0447");
        badKeys.put("fullwidth key", "\uff4b\uff45\uff59");
        badKeys.put("key with NUL", "k" + ch(0));
        badKeys.put("key with newline", "k\nx");
        badKeys.put("key with zero-width space", "phys" + ch(0x200B) + "ician");
        badKeys.forEach((name, key) -> add(name, problem(400), c -> summarize(reportWithMetadata(c, key, "Dr " + c))));
        for (String urgency : List.of("URGENT", "low", "", " HIGH", "HIGH\n", "H\u0130GH")) {
            add("urgency " + json(urgency), problem(400), c -> summarize(reportWithMetadata(c, "urgency", urgency)));
        }
        add("20 keys plus a bad urgency", problem(400), c -> {
            Map<String, Object> metadata = new LinkedHashMap<>();
            for (int i = 0; i < 19; i++) {
                metadata.put("k" + i, "v " + c);
            }
            metadata.put("urgency", "SEVERE");
            return summarize(reportWith(c, "metadata", metadata));
        });
    }

    private void badPatientIdsInBody() {
        category("bad-patient-id-in-body");
        for (Map.Entry<String, Function<String, String>> id : badPatientIds().entrySet()) {
            add(
                    id.getKey(),
                    problem(400),
                    c -> summarize(reportWith(c, "patientId", id.getValue().apply(c))));
        }
        add(
                "patient id as a lone-surrogate escape",
                problem(400),
                c -> summarizeText(spliceText(reportWith(c, "patientId", "P" + HOLE), "\\ud800")));
    }

    /** Patient ids that must be refused, by name; each may embed the canary. */
    private static Map<String, Function<String, String>> badPatientIds() {
        Map<String, Function<String, String>> ids = new LinkedHashMap<>();
        ids.put("empty", c -> "");
        ids.put("space", c -> " ");
        ids.put("inner space", c -> "HOSTILE " + c);
        ids.put("leading space", c -> " " + c);
        ids.put("trailing space", c -> c + " ");
        ids.put("slash", c -> c + "/x");
        ids.put("leading slash", c -> "/" + c);
        ids.put("../ traversal", c -> "../" + c);
        ids.put("..\\ traversal", c -> "..\\" + c);
        ids.put("../../etc/passwd", c -> "../../etc/passwd");
        ids.put("dot", c -> ".");
        ids.put("dot dot", c -> "..");
        ids.put("percent-encoded slash", c -> c + "%2Fx");
        ids.put("percent-encoded dot dot", c -> "%2e%2e");
        ids.put("65 chars", c -> c + "x".repeat(65 - c.length()));
        ids.put("1,000 chars", c -> c + "x".repeat(1_000 - c.length()));
        ids.put("fullwidth letters", c -> "\uff30\uff34\uff0d" + c);
        ids.put("Cyrillic look-alikes", c -> "\u0420\u0422-" + c);
        ids.put("Greek look-alikes", c -> "\u03a1\u03a4-" + c);
        ids.put("Kelvin sign", c -> "\u212a-" + c);
        ids.put("Arabic-Indic digits", c -> c + "-\u0661\u0662\u0663");
        ids.put("fullwidth digits", c -> c + "-\uff11\uff12");
        ids.put("combining accent", c -> "P\u0301-" + c);
        ids.put("zero-width space", c -> "PT" + ch(0x200B) + "-" + c);
        ids.put("no-break space", c -> "PT" + ch(0xA0) + c);
        ids.put("Unicode hyphen U+2010", c -> "PT\u2010" + c);
        ids.put("en dash", c -> "PT\u2013" + c);
        ids.put("emoji", c -> "PT-" + ch(0x1F600) + c);
        ids.put("idempotency partition", c -> "IDEMPOTENCY#" + c);
        ids.put("hash", c -> c + "#1");
        ids.put("question mark", c -> c + "?x=1");
        ids.put("ampersand", c -> c + "&x");
        ids.put("semicolon", c -> c + ";DROP TABLE");
        ids.put("quotes", c -> c + "'\"");
        ids.put("angle brackets", c -> "<script>" + c);
        ids.put("asterisk", c -> c + "*");
        ids.put("plus", c -> c + "+1");
        ids.put("colon", c -> "arn:" + c);
        ids.put("NUL", c -> c + ch(0));
        ids.put("newline", c -> c + "\nx");
        ids.put("trailing newline", c -> c + "\n");
        ids.put("tab", c -> c + "\tx");
        ids.put("ESC", c -> c + ch(0x1B));
        return ids;
    }

    private void badPatientIdsInPath() {
        category("bad-patient-id-in-path");
        Map<String, Function<String, String>> segments = new LinkedHashMap<>();
        segments.put("encoded slash", c -> c + "%2Fx");
        segments.put("encoded ../", c -> "..%2F" + c);
        segments.put("raw ..", c -> "..");
        segments.put("raw .", c -> ".");
        segments.put("encoded ..", c -> "%2e%2e");
        segments.put("encoded .", c -> "%2E");
        segments.put("encoded space", c -> c + "%20x");
        segments.put("encoded NUL", c -> c + "%00");
        segments.put("encoded newline", c -> c + "%0Ax");
        segments.put("encoded percent", c -> c + "%25");
        segments.put("plus", c -> c + "+x");
        segments.put("65 chars", c -> c + "x".repeat(65 - c.length()));
        segments.put("fullwidth letters", c -> pathSegment("\uff30\uff34-") + c);
        segments.put("Cyrillic look-alikes", c -> pathSegment("\u0420\u0422-") + c);
        segments.put("Kelvin sign", c -> pathSegment("\u212a-") + c);
        segments.put("idempotency partition", c -> "IDEMPOTENCY%23" + c);
        segments.put("overlong-encoded slash", c -> c + "%C0%AFx");
        segments.put("invalid UTF-8 byte", c -> c + "%FF");
        segments.put("encoded surrogate", c -> c + "%ED%A0%80");
        segments.forEach((name, segment) -> {
            add("list: " + name, problem(400), c -> WireRequest.get("/patients/" + segment.apply(c) + "/reports"));
            add(
                    "report: " + name,
                    problem(400),
                    c -> WireRequest.get("/reports/" + segment.apply(c) + "/" + UNKNOWN_REPORT_ID));
        });
    }

    private void badReportIds() {
        category("bad-report-id");
        String ulid = UNKNOWN_REPORT_ID.substring("REPORT-".length());
        Map<String, Function<String, String>> ids = new LinkedHashMap<>();
        ids.put("25-char ULID", c -> "REPORT-" + ulid.substring(1));
        ids.put("27-char ULID", c -> "REPORT-" + ulid + "0");
        ids.put("lower-case ULID", c -> "REPORT-" + ulid.toLowerCase());
        ids.put("lower-case prefix", c -> "report-" + ulid);
        ids.put("no prefix", c -> ulid);
        ids.put("prefix only", c -> "REPORT-");
        ids.put("underscore prefix", c -> "REPORT_" + ulid);
        ids.put("excluded letter I", c -> "REPORT-" + ulid.substring(0, 25) + "I");
        ids.put("excluded letter L", c -> "REPORT-" + ulid.substring(0, 25) + "L");
        ids.put("excluded letter O", c -> "REPORT-" + ulid.substring(0, 25) + "O");
        ids.put("excluded letter U", c -> "REPORT-" + ulid.substring(0, 25) + "U");
        ids.put("fullwidth digit", c -> "REPORT-" + ulid.substring(0, 25) + pathSegment("\uff10"));
        ids.put("canary", c -> "REPORT-" + c);
        ids.put("1,000 chars", c -> "REPORT-" + c + "X".repeat(1_000));
        ids.put("raw ..", c -> "..");
        ids.put("encoded ../..", c -> "..%2F..%2F" + c);
        ids.put("encoded NUL suffix", c -> UNKNOWN_REPORT_ID + "%00");
        ids.put("encoded newline suffix", c -> UNKNOWN_REPORT_ID + "%0A");
        ids.put("trailing encoded space", c -> UNKNOWN_REPORT_ID + "%20");
        ids.forEach((name, id) ->
                add(name, problem(400), c -> WireRequest.get("/reports/" + patient(c) + "/" + id.apply(c))));
        add(
                "well-formed but unknown",
                problem(404),
                c -> WireRequest.get("/reports/" + patient(c) + "/" + UNKNOWN_REPORT_ID));
        add(
                "unknown id under an idempotency partition",
                problem(400),
                c -> WireRequest.get("/reports/IDEMPOTENCY%23" + c + "/" + UNKNOWN_REPORT_ID));
    }

    private void controlCharacters() {
        category("control-characters");
        Map<String, String> controls = new LinkedHashMap<>();
        controls.put("NUL", ch(0x00));
        controls.put("SOH", ch(0x01));
        controls.put("BEL", ch(0x07));
        controls.put("backspace", ch(0x08));
        controls.put("vertical tab", ch(0x0B));
        controls.put("form feed", ch(0x0C));
        controls.put("ESC", ch(0x1B));
        controls.put("ANSI clear-screen sequence", ch(0x1B) + "[2J" + ch(0x1B) + "[31m");
        controls.put("unit separator", ch(0x1F));
        controls.put("DEL", ch(0x7F));
        controls.put("C1 NEL U+0085", ch(0x85));
        controls.put("C1 CSI U+009B", ch(0x9B) + "31m");
        controls.forEach((name, control) -> add(
                "text with " + name,
                problem(400),
                c -> summarize(reportWith(c, "text", text(c) + " " + control + " end."))));
        for (String name : List.of("NUL", "BEL", "ESC", "DEL", "C1 NEL U+0085")) {
            add(
                    "metadata value with " + name,
                    problem(400),
                    c -> summarize(reportWithMetadata(c, "physician", "Dr " + c + controls.get(name))));
        }
        for (String name : List.of("NUL", "ESC", "DEL")) {
            add(
                    "sourceSystem with " + name,
                    problem(400),
                    c -> summarize(reportWith(c, "sourceSystem", "Lab" + controls.get(name))));
        }
        // Unescaped bytes inside a JSON string: control characters below 0x20 are not JSON; DEL is, and must still be
        // refused.
        for (int raw : new int[] {0x00, 0x07, 0x1B, 0x7F}) {
            add(
                    String.format("raw byte 0x%02X inside the text string", raw),
                    problem(400),
                    c -> summarizeBytes(splice(reportWithTextHole(c), bytes(raw))));
        }
    }

    private void invalidUtf8() {
        category("invalid-utf8");
        Map<String, byte[]> sequences = new LinkedHashMap<>();
        sequences.put("0xFF", bytes(0xFF));
        sequences.put("0xFE", bytes(0xFE));
        sequences.put("lone continuation 0x80", bytes(0x80));
        sequences.put("lone continuation 0xBF", bytes(0xBF));
        sequences.put("overlong slash C0 AF", bytes(0xC0, 0xAF));
        sequences.put("overlong C1 BF", bytes(0xC1, 0xBF));
        sequences.put("overlong 3-byte E0 80 AF", bytes(0xE0, 0x80, 0xAF));
        sequences.put("overlong 4-byte F0 80 80 AF", bytes(0xF0, 0x80, 0x80, 0xAF));
        sequences.put("overlong NUL C0 80", bytes(0xC0, 0x80));
        sequences.put("UTF-8-encoded high surrogate ED A0 80", bytes(0xED, 0xA0, 0x80));
        sequences.put("UTF-8-encoded low surrogate ED BF BF", bytes(0xED, 0xBF, 0xBF));
        sequences.put("CESU-8 surrogate pair", bytes(0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80));
        sequences.put("above U+10FFFF F4 90 80 80", bytes(0xF4, 0x90, 0x80, 0x80));
        sequences.put("F5 lead byte", bytes(0xF5, 0x80, 0x80, 0x80));
        sequences.put("5-byte form F8 88 80 80 80", bytes(0xF8, 0x88, 0x80, 0x80, 0x80));
        sequences.put("6-byte form FC 84 80 80 80 80", bytes(0xFC, 0x84, 0x80, 0x80, 0x80, 0x80));
        sequences.put("truncated 2-byte C3", bytes(0xC3));
        sequences.put("truncated 3-byte E2 82", bytes(0xE2, 0x82));
        sequences.put("truncated 4-byte F0 9F 98", bytes(0xF0, 0x9F, 0x98));
        sequences.put("bad continuation C3 28", bytes(0xC3, 0x28));
        sequences.put("bad continuation E2 28 A1", bytes(0xE2, 0x28, 0xA1));
        sequences.forEach((name, sequence) ->
                add(name + " in text", problem(400), c -> summarizeBytes(splice(reportWithTextHole(c), sequence))));
        add(
                "0xFF in patientId",
                problem(400),
                c -> summarizeBytes(splice(reportWith(c, "patientId", "P" + HOLE), bytes(0xFF))));
        add(
                "0xC0 0xAF in a metadata value",
                problem(400),
                c -> summarizeBytes(splice(reportWithMetadata(c, "physician", "Dr " + c + HOLE), bytes(0xC0, 0xAF))));
        add(
                "0xFE in a field name",
                problem(400),
                c -> summarizeBytes(splice(reportWith(c, "x" + HOLE, "y"), bytes(0xFE))));
        add(
                "0xFF between tokens",
                problem(400),
                c -> summarizeBytes(concat(
                        "{\"patientId\":\"" + patient(c) + "\",", bytes(0xFF), "\"text\":\"" + text(c) + "\"}")));
        add(
                "truncated multi-byte as the last byte",
                problem(400),
                c -> summarizeBytes(concat(jsonBytes(report(c)), bytes(0xE2))));
        add(
                "Latin-1 encoded body",
                problem(400),
                c -> summarizeBytes(
                        json(reportWith(c, "text", "Fi\u00e8vre " + text(c))).getBytes(StandardCharsets.ISO_8859_1)));
        add(
                "Latin-1 body declared as charset=iso-8859-1",
                problem(400),
                c -> summarizeBytes(json(reportWith(c, "text", "Fi\u00e8vre " + text(c)))
                                .getBytes(StandardCharsets.ISO_8859_1))
                        .replacingHeader("Content-Type", "application/json; charset=iso-8859-1"));
        add(
                "UTF-16LE body with BOM",
                problem(400),
                c -> summarizeBytes(concat(bytes(0xFF, 0xFE), json(report(c)).getBytes(StandardCharsets.UTF_16LE))));
        add(
                "UTF-16BE body without BOM",
                problem(400),
                c -> summarizeBytes(json(report(c)).getBytes(StandardCharsets.UTF_16BE)));
        add(
                "UTF-16 body declared as charset=utf-16",
                problem(400),
                c -> summarizeBytes(json(report(c)).getBytes(StandardCharsets.UTF_16))
                        .replacingHeader("Content-Type", "application/json; charset=utf-16"));
        add(
                "invalid UTF-8 in a batch item",
                problem(400),
                c -> WireRequest.postJson(BATCH, splice(batch(List.of(reportWithTextHole(c))), bytes(0xC0, 0xAF))));
    }

    private void loneSurrogates() {
        category("lone-surrogates");
        Map<String, String> escapes = new LinkedHashMap<>();
        escapes.put("high U+D800", "\\ud800");
        escapes.put("high U+DBFF", "\\udbff");
        escapes.put("low U+DC00", "\\udc00");
        escapes.put("low U+DFFF", "\\udfff");
        escapes.put("high followed by a letter", "\\ud83dA");
        escapes.put("high followed by an escaped letter", "\\ud83d\\u0041");
        escapes.put("reversed pair", "\\ude00\\ud83d");
        escapes.put("two highs", "\\ud83d\\ud83d");
        escapes.forEach((name, escape) ->
                add(name + " in text", problem(400), c -> summarizeText(spliceText(reportWithTextHole(c), escape))));
        add(
                "high surrogate at the very end of text",
                problem(400),
                c -> summarizeText(spliceText(reportWith(c, "text", text(c) + HOLE), "\\ud83d")));
        add(
                "in a metadata value",
                problem(400),
                c -> summarizeText(spliceText(reportWithMetadata(c, "physician", "Dr " + c + HOLE), "\\udc00")));
        add(
                "in sourceSystem",
                problem(400),
                c -> summarizeText(spliceText(reportWith(c, "sourceSystem", "Lab" + HOLE), "\\udfff")));
        add(
                "in a metadata key",
                problem(400),
                c -> summarizeText(spliceText(reportWithMetadata(c, "k" + HOLE, "Dr " + c), "\\ud800")));
        add(
                "in an unknown field name",
                problem(400),
                c -> summarizeText(spliceText(reportWith(c, "x" + HOLE, "y"), "\\ud800")));
    }

    private void duplicateKeys() {
        category("duplicate-keys");
        add(
                "patientId twice, same value",
                problem(400),
                c -> summarizeText("{\"patientId\":\"" + patient(c) + "\",\"patientId\":\"" + patient(c)
                        + "\",\"text\":\"" + text(c) + "\"}"));
        add(
                "patientId twice, different values",
                problem(400),
                c -> summarizeText("{\"patientId\":\"" + patient(c) + "\",\"text\":\"" + text(c)
                        + "\",\"patientId\":\"OTHER-" + c + "\"}"));
        add(
                "text twice",
                problem(400),
                c -> summarizeText("{\"patientId\":\"" + patient(c) + "\",\"text\":\"first " + c + "\",\"text\":\""
                        + text(c) + "\"}"));
        add(
                "sourceSystem twice",
                problem(400),
                c -> summarizeText(json(report(c))
                        .replace(
                                "\"sourceSystem\":\"MedicalRecord\"",
                                "\"sourceSystem\":\"MedicalRecord\",\"sourceSystem\":\"LabSystem\"")));
        add(
                "metadata twice",
                problem(400),
                c -> summarizeText(json(reportWithout(c, "metadata"))
                        .replace("}", ",\"metadata\":{\"urgency\":\"LOW\"},\"metadata\":{\"urgency\":\"HIGH\"}}")));
        add(
                "key twice inside metadata",
                problem(400),
                c -> summarizeText(json(reportWithout(c, "metadata"))
                        .replace("}", ",\"metadata\":{\"physician\":\"Dr " + c + "\",\"physician\":\"Dr Other\"}}")));
        add(
                "text twice, once spelled with escapes",
                problem(400),
                c -> summarizeText("{\"patientId\":\"" + patient(c) + "\",\"text\":\"" + text(c)
                        + "\",\"\\u0074ext\":\"other " + c + "\"}"));
        add(
                "inside a batch item",
                problem(400),
                c -> WireRequest.postJson(
                        BATCH,
                        "{\"reports\":[{\"patientId\":\"" + patient(c) + "\",\"text\":\"" + text(c)
                                + "\",\"text\":\"x\"}]}"));
        add(
                "reports twice in a batch",
                problem(400),
                c -> WireRequest.postJson(
                        BATCH, "{\"reports\":[" + json(report(c)) + "],\"reports\":[" + json(report(c)) + "]}"));
    }

    private void unknownFields() {
        category("unknown-fields");
        Map<String, Function<String, Object>> extras = new LinkedHashMap<>();
        extras.put("reportId", c -> UNKNOWN_REPORT_ID);
        extras.put("status", c -> "SUCCESS");
        extras.put("summary", c -> "Injected summary " + c);
        extras.put("ProcessingStatus", c -> "SUCCESS");
        extras.put("PatientID", c -> "OTHER-" + c);
        extras.put("Attempts", c -> 99);
        extras.put("ExpiresAt", c -> 0);
        extras.put("idempotencyKey", c -> "key-" + c);
        extras.put("__proto__", c -> Map.of("admin", true));
        extras.put("admin", c -> true);
        extras.forEach((field, value) ->
                add("field " + field, problem(400), c -> summarize(reportWith(c, field, value.apply(c)))));
        // Names that are not field-like carry the canary: an answer may name a field, never repeat arbitrary input.
        Map<String, Function<String, String>> names = new LinkedHashMap<>();
        names.put("HTML", c -> "<img src=x onerror=alert(1)>" + c);
        names.put("spaces", c -> "patient name " + c);
        names.put("10,000 chars", c -> c + "n".repeat(10_000));
        names.put("control characters", c -> c + ch(0x1B) + "[2J" + ch(0));
        names.put("non-ASCII", c -> "\u0442\u0435\u043a\u0441\u0442-" + c);
        names.forEach((name, field) ->
                add("field named with " + name, problem(400), c -> summarize(reportWith(c, field.apply(c), "value"))));
    }

    private void contentTypes() {
        category("content-type");
        Map<String, String> types = new LinkedHashMap<>();
        types.put("text/plain", "text/plain");
        types.put("text/plain with charset", "text/plain; charset=utf-8");
        types.put("text/json", "text/json");
        types.put("application/javascript", "application/javascript");
        types.put("application/jsonx", "application/jsonx");
        types.put("application/json-seq", "application/json-seq");
        types.put("application/xml", "application/xml");
        types.put("application/octet-stream", "application/octet-stream");
        types.put("image/png", "image/png");
        types.put("json", "json");
        types.put("*/*", "*/*");
        types.put("application/*", "application/*");
        types.put("empty", "");
        types.put("application/json listed after text/plain", "text/plain, application/json");
        types.forEach((name, type) ->
                add(name, problem(415), c -> summarize(report(c)).replacingHeader("Content-Type", type)));
        add("missing", problem(415), c -> summarize(report(c)).replacingHeader("Content-Type", null));
        add(
                "form-urlencoded form",
                problem(415),
                c -> new WireRequest(
                        "POST",
                        SUMMARIZE,
                        List.of(new WireRequest.Header("Content-Type", "application/x-www-form-urlencoded")),
                        ("patientId=" + patient(c) + "&text=" + URLEncoder.encode(text(c), StandardCharsets.UTF_8))
                                .getBytes(StandardCharsets.UTF_8),
                        WireRequest.ApiKey.VALID,
                        WireRequest.Transport.JDK,
                        false));
        add(
                "multipart form",
                problem(415),
                c -> new WireRequest(
                        "POST",
                        SUMMARIZE,
                        List.of(new WireRequest.Header("Content-Type", "multipart/form-data; boundary=XyZ")),
                        ("--XyZ\r\nContent-Disposition: form-data; "
                                        + "name=\"report\"\r\nContent-Type: application/json\r\n\r\n"
                                        + json(report(c)) + "\r\n--XyZ--\r\n")
                                .getBytes(StandardCharsets.UTF_8),
                        WireRequest.ApiKey.VALID,
                        WireRequest.Transport.JDK,
                        false));
        add(
                "XML body",
                problem(415),
                c -> new WireRequest(
                        "POST",
                        SUMMARIZE,
                        List.of(new WireRequest.Header("Content-Type", "application/xml")),
                        ("<report><patientId>" + patient(c) + "</patientId><text>" + text(c) + "</text></report>")
                                .getBytes(StandardCharsets.UTF_8),
                        WireRequest.ApiKey.VALID,
                        WireRequest.Transport.JDK,
                        false));
        add(
                "two Content-Type headers",
                problem(415),
                c -> summarize(report(c)).withHeader("Content-Type", "text/plain"));
        add(
                "batch as text/plain",
                problem(415),
                c -> WireRequest.postJson(BATCH, jsonBytes(batch(List.of(report(c)))))
                        .replacingHeader("Content-Type", "text/plain"));
        add(
                "batch without Content-Type",
                problem(415),
                c -> WireRequest.postJson(BATCH, jsonBytes(batch(List.of(report(c)))))
                        .replacingHeader("Content-Type", null));
    }

    /**
     * POST /reports/{patientId}/{reportId}/review with everything a decision must not be. Validation runs before the
     * report is looked up, so the target need not exist; nothing may be written either way.
     */
    private void reviewDecisions() {
        category("review-decisions");
        String target = "/reports/HOSTILE-REVIEW/" + UNKNOWN_REPORT_ID + "/review";
        Function<String, WireRequest> decide = body -> WireRequest.postJson(target, body);
        add("malformed JSON", problem(400), c -> decide.apply("{\"decision\": \"approve\", " + c));
        add("empty object", problem(400), c -> decide.apply("{}"));
        add("empty body", problem(400), c -> WireRequest.postJson(target, (byte[]) null));
        add("decision not approve or reject", problem(400), c -> decide.apply("{\"decision\":\"" + c + "\"}"));
        add(
                "decision in capitals",
                problem(400),
                c -> decide.apply("{\"decision\":\"APPROVE\",\"comment\":\"" + c + "\"}"));
        add("decision as number", problem(400), c -> decide.apply("{\"decision\":1,\"comment\":\"" + c + "\"}"));
        add(
                "decision as array",
                problem(400),
                c -> decide.apply("{\"decision\":[\"approve\"],\"comment\":\"" + c + "\"}"));
        add("decision as null", problem(400), c -> decide.apply("{\"decision\":null,\"comment\":\"" + c + "\"}"));
        add(
                "decision twice",
                problem(400),
                c -> decide.apply("{\"decision\":\"reject\",\"decision\":\"approve\",\"comment\":\"" + c + "\"}"));
        add(
                "unknown field carrying the canary",
                problem(400),
                c -> decide.apply("{\"decision\":\"approve\",\"by\":\"" + c + "\"}"));
        // A key that looks like a field name is named in the answer (as on POST /summarize); any other key is not.
        add(
                "unknown field named by the canary",
                problem(400),
                c -> decide.apply("{\"decision\":\"approve\",\"" + c + " x\":1}"));
        add(
                "comment over 2000 characters",
                problem(400),
                c -> decide.apply("{\"decision\":\"approve\",\"comment\":\"" + c + "x".repeat(2001) + "\"}"));
        add("comment empty", problem(400), c -> decide.apply("{\"decision\":\"approve\",\"comment\":\"\"}"));
        add(
                "comment as object",
                problem(400),
                c -> decide.apply("{\"decision\":\"approve\",\"comment\":{\"t\":\"" + c + "\"}}"));
        add(
                "comment with a control character",
                problem(400),
                c -> decide.apply("{\"decision\":\"approve\",\"comment\":\"" + c + "\\u001b[2J\"}"));
        add(
                "comment with a lone surrogate",
                problem(400),
                c -> decide.apply("{\"decision\":\"approve\",\"comment\":\"" + c + "\\ud800\"}"));
        add("body as array", problem(400), c -> decide.apply("[\"approve\",\"" + c + "\"]"));
        add(
                "body over 16 KB",
                problem(413),
                c -> decide.apply("{\"decision\":\"approve\",\"comment\":\"" + c + "y".repeat(17_000) + "\"}"));
        add(
                "text/plain",
                problem(415),
                c -> decide.apply("{\"decision\":\"approve\",\"comment\":\"" + c + "\"}")
                        .replacingHeader("Content-Type", "text/plain"));
        add(
                "form-urlencoded",
                problem(415),
                c -> decide.apply("decision=approve&comment=" + c)
                        .replacingHeader("Content-Type", "application/x-www-form-urlencoded"));
        add(
                "patient id with a slash in the path",
                problem(400),
                c -> WireRequest.postJson(
                        "/reports/" + c + "%2F..%2Fx/" + UNKNOWN_REPORT_ID + "/review", "{\"decision\":\"approve\"}"));
        add(
                "report id not a report id",
                problem(400),
                c -> WireRequest.postJson("/reports/HOSTILE-REVIEW/" + c + "/review", "{\"decision\":\"approve\"}"));
    }

    private void wrongMethods() {
        category("wrong-method");
        for (String path : List.of(SUMMARIZE, BATCH)) {
            for (String method : List.of("PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND")) {
                add(
                        method + " " + path,
                        gatewayProblem(405),
                        c -> WireRequest.postJson(
                                        path, jsonBytes(path.equals(BATCH) ? batch(List.of(report(c))) : report(c)))
                                .withMethod(method));
            }
            add("GET " + path, gatewayProblem(405), c -> WireRequest.get(path));
        }
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            add(
                    method + " a report",
                    gatewayProblem(405),
                    c -> WireRequest.postJson("/reports/" + patient(c) + "/" + UNKNOWN_REPORT_ID, jsonBytes(report(c)))
                            .withMethod(method));
            add(
                    method + " a patient's reports",
                    gatewayProblem(405),
                    c -> WireRequest.postJson("/patients/" + patient(c) + "/reports", jsonBytes(report(c)))
                            .withMethod(method));
        }
        add("POST /health", gatewayProblem(405), c -> WireRequest.postJson("/health", jsonBytes(report(c))));
        add(
                "DELETE /health",
                gatewayProblem(405),
                c -> WireRequest.get("/health").withMethod("DELETE"));
        add("POST /", gatewayProblem(405), c -> WireRequest.postJson("/", jsonBytes(report(c))));
    }

    private void idempotencyKeys() {
        category("idempotency-key");
        Map<String, Function<String, String>> viaJdk = new LinkedHashMap<>();
        viaJdk.put("empty", c -> "");
        viaJdk.put("256 chars", c -> c + "k".repeat(256 - c.length()));
        viaJdk.put("10,000 chars", c -> c + "k".repeat(10_000 - c.length()));
        viaJdk.forEach((name, key) ->
                add(name, problem(400), c -> summarize(report(c)).withHeader("Idempotency-Key", key.apply(c))));
        Map<String, Function<String, String>> viaRaw = new LinkedHashMap<>();
        viaRaw.put("SOH byte", c -> "k" + ch(0x01) + c);
        viaRaw.put("DEL byte", c -> "k" + ch(0x7F) + c);
        viaRaw.put("Latin-1 letter", c -> "cl\u00e9-" + c);
        viaRaw.put("Latin-1 no-break space", c -> "k" + ch(0xA0) + c);
        viaRaw.put("ESC sequence", c -> "k" + ch(0x1B) + "[31m" + c);
        viaRaw.put(
                "raw UTF-8 bytes of the euro sign",
                c -> "k" + new String("\u20ac".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1) + c);
        viaRaw.put("C1 byte 0x85", c -> "k" + ch(0x85) + c);
        viaRaw.forEach((name, key) -> add(
                name + " (raw socket)",
                problem(400),
                c -> summarize(report(c))
                        .withHeader("Idempotency-Key", key.apply(c))
                        .raw()));
        add(
                "batch with a 256-char key",
                problem(400),
                c -> WireRequest.postJson(BATCH, jsonBytes(batch(List.of(report(c)))))
                        .withHeader("Idempotency-Key", "k".repeat(256)));
        add(
                "batch with an empty key",
                problem(400),
                c -> WireRequest.postJson(BATCH, jsonBytes(batch(List.of(report(c)))))
                        .withHeader("Idempotency-Key", ""));
    }

    private void batchEnvelopes() {
        category("batch-envelope");
        Map<String, Function<String, String>> bodies = new LinkedHashMap<>();
        bodies.put("empty array", c -> "[]");
        bodies.put("array of reports", c -> json(List.of(report(c))));
        bodies.put("string", c -> json("reports " + c));
        bodies.put("number", c -> "7");
        bodies.put("boolean", c -> "true");
        bodies.put("null", c -> "null");
        bodies.put("empty object", c -> "{}");
        bodies.put("reports null", c -> "{\"reports\":null}");
        bodies.put("reports empty", c -> "{\"reports\":[]}");
        bodies.put("reports an object", c -> json(Map.of("reports", report(c))));
        bodies.put("reports an object keyed by index", c -> json(Map.of("reports", Map.of("0", report(c)))));
        bodies.put("reports a string", c -> json(Map.of("reports", "report " + c)));
        bodies.put("reports a number", c -> "{\"reports\":5}");
        bodies.put("reports a boolean", c -> "{\"reports\":true}");
        bodies.put("extra field", c -> json(Map.of("reports", List.of(report(c)), "extra", 1)));
        bodies.put(
                "batch-level idempotencyKey field",
                c -> json(Map.of("reports", List.of(report(c)), "idempotencyKey", "k-" + c)));
        bodies.put("Reports capitalized", c -> json(Map.of("Reports", List.of(report(c)))));
        bodies.put("report singular", c -> json(Map.of("report", List.of(report(c)))));
        bodies.put("101 valid reports", c -> json(batch(reports(c, BATCH_LIMIT + 1))));
        bodies.put("1,000 valid reports", c -> json(batch(reports(c, 1_000))));
        bodies.forEach((name, body) -> add(name, problem(400), c -> WireRequest.postJson(BATCH, body.apply(c))));
        add(
                "101 valid reports with an Idempotency-Key",
                problem(400),
                c -> WireRequest.postJson(BATCH, json(batch(reports(c, BATCH_LIMIT + 1))))
                        .withHeader("Idempotency-Key", "batch-" + c));
    }

    private void listQueries() {
        category("list-query");
        Map<String, String> limits = new LinkedHashMap<>();
        for (String limit : List.of(
                "0",
                "-1",
                "101",
                "1000",
                "2147483648",
                "99999999999999999999",
                "abc",
                "1.5",
                "1e1",
                "0x10",
                "1,2",
                "ten")) {
            limits.put(limit, limit);
        }
        limits.put("empty", "");
        limits.put("encoded space before", "%205");
        limits.put("encoded space after", "5%20");
        limits.put("encoded NUL", "5%00");
        limits.put("Arabic-Indic digits", pathSegment("\u0661\u0660"));
        limits.put("fullwidth digits", pathSegment("\uff11\uff10"));
        limits.put("encoded plus sign", "%2B5");
        limits.forEach((name, limit) -> add(
                "limit " + name,
                problem(400),
                c -> WireRequest.get("/patients/" + patient(c) + "/reports?limit=" + limit)));
        String ulid = UNKNOWN_REPORT_ID;
        Map<String, Function<String, String>> cursors = new LinkedHashMap<>();
        cursors.put("empty", c -> "");
        cursors.put("not base64", c -> "!!!" + c);
        cursors.put("forged plain text", c -> "forged-" + c);
        cursors.put("base64 of garbage", c -> Payloads.base64Url("garbage " + c));
        cursors.put("base64 of a traversal", c -> Payloads.base64Url("v1:../../" + c));
        cursors.put("base64 of a short report id", c -> Payloads.base64Url("v1:REPORT-" + c));
        cursors.put("unknown version", c -> Payloads.base64Url("v9:" + ulid));
        cursors.put("no version", c -> Payloads.base64Url(ulid));
        cursors.put("report id with trailing NUL", c -> Payloads.base64Url("v1:" + ulid + ch(0)));
        cursors.put("report id of another table key shape", c -> Payloads.base64Url("v1:IDEMPOTENCY#" + c));
        cursors.put("invalid UTF-8 inside", c -> Payloads.base64Url(concat("v1:", bytes(0xC0, 0xAF))));
        cursors.put("129 chars", c -> c + "A".repeat(129 - c.length()));
        cursors.put("5,000 chars", c -> c + "A".repeat(5_000 - c.length()));
        cursors.put("standard base64 alphabet", c -> "%2B%2F" + c);
        cursors.put("encoded NUL", c -> c + "%00");
        cursors.forEach((name, cursor) -> add(
                "cursor " + name,
                problem(400),
                c -> WireRequest.get("/patients/" + patient(c) + "/reports?cursor=" + cursor.apply(c))));
        add(
                "bad limit and bad cursor",
                problem(400),
                c -> WireRequest.get("/patients/" + patient(c) + "/reports?limit=0&cursor=x" + c));
        add(
                "bad patient, limit and cursor",
                problem(400),
                c -> WireRequest.get("/patients/" + c + "%2F/reports?limit=-5&cursor=" + c));
    }

    private void apiKeys() {
        category("api-key");
        Map<String, WireRequest.ApiKey> keys = new LinkedHashMap<>();
        keys.put("missing", WireRequest.ApiKey.MISSING);
        keys.put("empty", WireRequest.ApiKey.given(""));
        keys.put("wrong", WireRequest.ApiKey.given("local-00000000000000000000000000000000"));
        keys.put("prefix of a key", WireRequest.ApiKey.given("local-"));
        keys.put("SQL-ish", WireRequest.ApiKey.given("' OR '1'='1"));
        keys.forEach((name, key) -> add(
                name + " on POST /summarize",
                forbidden(),
                c -> summarize(report(c)).withApiKey(key)));
        add(
                "bearer token instead of a key",
                forbidden(),
                c -> summarize(report(c))
                        .withApiKey(WireRequest.ApiKey.MISSING)
                        .withHeader("Authorization", "Bearer " + c));
        add(
                "missing on POST /reports/batch",
                forbidden(),
                c -> WireRequest.postJson(BATCH, jsonBytes(batch(List.of(report(c)))))
                        .withApiKey(WireRequest.ApiKey.MISSING));
        add(
                "missing on GET a report",
                forbidden(),
                c -> WireRequest.get("/reports/" + patient(c) + "/" + UNKNOWN_REPORT_ID)
                        .withApiKey(WireRequest.ApiKey.MISSING));
        add(
                "wrong on GET a patient's reports",
                forbidden(),
                c -> WireRequest.get("/patients/" + patient(c) + "/reports")
                        .withApiKey(WireRequest.ApiKey.given("wrong-" + c)));
        add(
                "missing on DELETE /summarize",
                forbidden(),
                c -> summarize(report(c)).withMethod("DELETE").withApiKey(WireRequest.ApiKey.MISSING));
        add(
                "missing with a body of 16 MiB",
                forbidden(),
                c -> summarizeBytes(bodyOfExactly(c, 16 << 20)).withApiKey(WireRequest.ApiKey.MISSING));
    }

    private void routing() {
        category("unknown-route");
        for (String path : List.of(
                "/summarize/",
                "/SUMMARIZE",
                "/Summarize",
                "/summarize/x",
                "/v1/summarize",
                "/summarize%2F",
                "/reports",
                "/reports/",
                "/reports/batch/",
                "/%2e%2e/summarize")) {
            add("POST " + path, gatewayProblem(404), c -> WireRequest.postJson(path, jsonBytes(report(c))));
        }
        // Two segments after /reports: the GET route's path, so the method is what is wrong.
        add(
                "POST /reports/batch/x",
                gatewayProblem(405),
                c -> WireRequest.postJson("/reports/batch/x", jsonBytes(report(c))));
        add("GET /patients/{p}", gatewayProblem(404), c -> WireRequest.get("/patients/" + patient(c)));
        add(
                "GET /patients/{p}/reports/x",
                gatewayProblem(404),
                c -> WireRequest.get("/patients/" + patient(c) + "/reports/x"));
        add(
                "GET /patients//reports (empty patient id)",
                gatewayProblem(404),
                c -> WireRequest.get("/patients//reports"));
        add(
                "GET /reports//{r} (empty patient id)",
                gatewayProblem(404),
                c -> WireRequest.get("/reports//" + UNKNOWN_REPORT_ID));
        add(
                "GET /reports/{p}/ (empty report id)",
                gatewayProblem(404),
                c -> WireRequest.get("/reports/" + patient(c) + "/"));
        add("GET /health/", gatewayProblem(404), c -> WireRequest.get("/health/"));
        add("GET /nowhere", gatewayProblem(404), c -> WireRequest.get("/nowhere-" + c));
    }

    private void protocol() {
        category("http-framing");
        Function<String, String> small = c -> json(report(c));
        // What the JDK's HttpServer answered with HTML or a reset before: problem+json now, like every answer.
        add(
                "GET with an undecodable %zz in the path",
                gatewayProblem(400),
                c -> WireRequest.get("/reports/" + c + "%zz/x").raw());
        add(
                "GET with a cut-off % at the end of the query",
                gatewayProblem(400),
                c -> WireRequest.get("/patients/" + c + "/reports?cursor=%").raw());
        add(
                "POST //summarize",
                gatewayProblem(404),
                c -> summarize(report(c)).withTarget("//summarize").raw());
        add(
                "GET //health",
                gatewayProblem(404),
                c -> WireRequest.get("//health").raw());
        add(
                "request line and header values over API Gateway's 10240 bytes",
                gatewayProblem(431),
                c -> summarize(report(c))
                        .withHeader("X-Padding", "p".repeat(10_300))
                        .raw());
        add("many headers adding up to over 10240 bytes", gatewayProblem(431), c -> {
            WireRequest request = summarize(report(c));
            for (int i = 0; i < 60; i++) {
                request = request.withHeader("X-Padding-" + i, "p".repeat(200));
            }
            return request.raw();
        });
        add(
                "a header line without a colon",
                gatewayProblem(400),
                c -> summarize(report(c)).withHeader("X-Broken header", "v").verbatim());
        add(
                "Content-Length and Transfer-Encoding both",
                gatewayProblem(400),
                c -> framed("Transfer-Encoding", "chunked", "0\r\n\r\n").withHeader("Content-Length", "5"));
        add(
                "a transfer coding other than chunked",
                gatewayProblem(400),
                c -> framed("Transfer-Encoding", "gzip", small.apply(c)));
        add(
                "malformed chunk size",
                gatewayProblem(400),
                c -> framed("Transfer-Encoding", "chunked", "zz\r\n" + small.apply(c) + "\r\n0\r\n\r\n"));
        add(
                "chunked body cut off mid-chunk",
                gatewayProblem(400),
                c -> framed(
                        "Transfer-Encoding",
                        "chunked",
                        Integer.toHexString(small.apply(c).length() + 100) + "\r\n" + small.apply(c)));
        add(
                "chunked body without the last chunk",
                gatewayProblem(400),
                c -> framed(
                        "Transfer-Encoding",
                        "chunked",
                        Integer.toHexString(small.apply(c).length()) + "\r\n" + small.apply(c) + "\r\n"));
        add(
                "body shorter than its Content-Length",
                gatewayProblem(400),
                c -> framed("Content-Length", Integer.toString(small.apply(c).length() + 500), small.apply(c)));
    }

    /** A valid report whose framing (Content-Length or chunked coding) lies; the stream then ends. */
    private static WireRequest framed(String header, String value, String body) {
        return new WireRequest(
                "POST",
                SUMMARIZE,
                List.of(
                        new WireRequest.Header("Content-Type", "application/json"),
                        new WireRequest.Header(header, value)),
                body.getBytes(StandardCharsets.UTF_8),
                WireRequest.ApiKey.VALID,
                WireRequest.Transport.VERBATIM,
                false);
    }

    // ------------------------------------------------------------------ value helpers

    private static List<Object> values(Object... values) {
        return List.of(values);
    }

    private static String describe(Object value) {
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "empty array" : "array";
        }
        if (value instanceof Map<?, ?> map) {
            return map.isEmpty() ? "empty object" : "object";
        }
        if (value instanceof String) {
            return "string";
        }
        return value.getClass().getSimpleName().toLowerCase() + " " + value;
    }

    /** Containers and strings carry the canary; scalars cannot. */
    private static Object canaried(Object value, String canary) {
        if (value instanceof List<?> list && !list.isEmpty()) {
            List<Object> copy = new ArrayList<>(list);
            copy.add(canary);
            return copy;
        }
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            Map<Object, Object> copy = new LinkedHashMap<>(map);
            copy.put("canary", canary);
            return copy;
        }
        if (value instanceof String s) {
            return s + " " + canary;
        }
        return value;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }
}
