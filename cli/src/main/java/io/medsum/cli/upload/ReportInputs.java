package io.medsum.cli.upload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.medsum.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads an upload input into {@link InputRecord}s: a JSONL file (one report object a line, the fields of the sample
 * corpus), a CSV file (columns patientId, text, sourceSystem; any other column becomes metadata), or a directory of
 * {@code .txt} files (text; the patient id from --patient or the file name before the first '.' or '__') and
 * {@code .json} files (one report object each).
 */
public final class ReportInputs {
    private static final List<String> FIELDS = List.of("patientId", "text", "sourceSystem", "metadata");

    private ReportInputs() {}

    public static List<InputRecord> read(Path input, String defaultPatientId) throws IOException {
        if (Files.isDirectory(input)) {
            return directory(input, defaultPatientId);
        }
        Path fileName = input.getFileName();
        String name = fileName == null ? "" : fileName.toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return csv(input);
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
            return jsonl(input);
        }
        throw new IllegalArgumentException(
                "Cannot tell the format of " + input + ": use a .jsonl or .csv file, or a directory");
    }

    static List<InputRecord> jsonl(Path file) throws IOException {
        List<InputRecord> records = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            if (raw.isBlank()) {
                continue;
            }
            int line = i + 1;
            try {
                records.add(fromJson(line, file.getFileName() + ":" + line, Json.parse(raw), raw));
            } catch (Json.InvalidJsonException e) {
                records.add(new InputRecord(line, file.getFileName() + ":" + line, null, null, e.getMessage()));
            }
        }
        return records;
    }

    static List<InputRecord> csv(Path file) throws IOException {
        List<InputRecord> records = new ArrayList<>();
        CsvMapper mapper = new CsvMapper();
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (MappingIterator<Map<String, String>> rows =
                mapper.readerFor(Map.class).with(schema).readValues(file.toFile())) {
            int row = 1;
            while (rows.hasNextValue()) {
                row++;
                Map<String, String> values = rows.nextValue();
                Map<String, Object> report = new LinkedHashMap<>();
                Map<String, String> metadata = new LinkedHashMap<>();
                values.forEach((column, value) -> {
                    if (column.equals("patientId") || column.equals("text") || column.equals("sourceSystem")) {
                        if (value != null && !(column.equals("sourceSystem") && value.isEmpty())) {
                            report.put(column, value);
                        }
                    } else if (value != null && !value.isEmpty()) {
                        metadata.put(column, value);
                    }
                });
                if (!metadata.isEmpty()) {
                    report.put("metadata", metadata);
                }
                records.add(new InputRecord(
                        row, file.getFileName() + ":" + row, report, key(row, Json.write(report)), null));
            }
        }
        return records;
    }

    static List<InputRecord> directory(Path dir, String defaultPatientId) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".txt") || p.toString().endsWith(".json"))
                    .sorted()
                    .toList();
        }
        List<InputRecord> records = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            String name = file.toFile().getName();
            String content = Files.readString(file, StandardCharsets.UTF_8);
            int position = i + 1;
            if (name.endsWith(".json")) {
                try {
                    records.add(fromJson(position, name, Json.parse(content), name + "\u0000" + content));
                } catch (Json.InvalidJsonException e) {
                    records.add(new InputRecord(position, name, null, null, e.getMessage()));
                }
            } else {
                Map<String, Object> report = new LinkedHashMap<>();
                report.put("patientId", defaultPatientId != null ? defaultPatientId : patientFromFileName(name));
                report.put("text", content);
                records.add(new InputRecord(position, name, report, key(position, name + "\u0000" + content), null));
            }
        }
        return records;
    }

    private static String patientFromFileName(String name) {
        String stem = name.substring(0, name.lastIndexOf('.'));
        int separator = stem.indexOf("__");
        return separator > 0 ? stem.substring(0, separator) : stem;
    }

    /** Known fields pass through; a client's own {@code reportId} is kept as metadata; anything else is dropped. */
    private static InputRecord fromJson(int line, String source, JsonNode node, String raw) {
        if (!node.isObject()) {
            return new InputRecord(line, source, null, null, "not a JSON object");
        }
        Map<String, Object> report = new LinkedHashMap<>();
        for (String field : FIELDS) {
            if (node.has(field)) {
                report.put(field, Json.MAPPER.convertValue(node.get(field), Object.class));
            }
        }
        if (node.path("reportId").isTextual()) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            if (report.get("metadata") instanceof Map<?, ?> existing) {
                existing.forEach((k, v) -> metadata.put(String.valueOf(k), v));
            }
            metadata.putIfAbsent("clientReportId", node.get("reportId").asText());
            report.put("metadata", metadata);
        }
        return new InputRecord(line, source, report, key(line, raw), null);
    }

    /** Stable across runs for the same content at the same position: that is what makes a resume exact. */
    static String key(int position, String content) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((position + "\u0000" + content).getBytes(StandardCharsets.UTF_8));
            return "upload-" + HexFormat.of().formatHex(digest, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
