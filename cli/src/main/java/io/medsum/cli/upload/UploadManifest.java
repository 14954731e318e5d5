package io.medsum.cli.upload;

import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.common.json.Json;
import io.medsum.local.infra.PrivateFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code <input>.medsum-manifest.jsonl}: what became of each input line (its report id, or why it was rejected),
 * appended as answers arrive. A rerun skips what the manifest settles; lines whose answer was lost (a crash between the
 * server's accept and this write) are sent again with the same Idempotency-Key, and the server answers with the report
 * it already made.
 */
public final class UploadManifest implements AutoCloseable {
    /** One settled input line. */
    public record Entry(int line, String key, String patientId, String reportId, Integer status, String error) {
        public boolean accepted() {
            return reportId != null;
        }
    }

    private final Path file;
    private final Map<Integer, Entry> entries = new LinkedHashMap<>();
    private final BufferedWriter writer;
    /** Guards entries and writer; private, so no caller can hold it by locking on the manifest. */
    private final Object lock = new Object();

    private UploadManifest(Path file) throws IOException {
        this.file = file;
        if (Files.exists(file)) {
            for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                try {
                    JsonNode node = Json.parse(raw);
                    Entry entry = new Entry(
                            node.path("line").asInt(),
                            node.path("key").asText(),
                            text(node, "patientId"),
                            text(node, "reportId"),
                            node.hasNonNull("status") ? node.get("status").asInt() : null,
                            text(node, "error"));
                    entries.put(entry.line(), entry);
                } catch (Json.InvalidJsonException e) {
                    // A line cut short by a crash: its input is simply sent again.
                }
            }
        }
        // Patient ids and report ids: readable by the owner only (0600).
        this.writer = PrivateFiles.append(file);
    }

    public static UploadManifest open(Path input) throws IOException {
        return new UploadManifest(pathFor(input));
    }

    public static Path pathFor(Path input) {
        return besideInput(input, ".medsum-manifest.jsonl");
    }

    /**
     * {@code <input><suffix>} next to the input, or in the working directory when the input's folder is read-only (a
     * shared corpus, a mounted volume).
     */
    public static Path besideInput(Path input, String suffix) {
        Path absolute = input.toAbsolutePath().normalize();
        Path beside = absolute.resolveSibling(absolute.getFileName() + suffix);
        Path folder = beside.getParent();
        return folder != null && writable(folder)
                ? beside
                : Path.of(absolute.getFileName() + suffix).toAbsolutePath();
    }

    /** Honours the folder's write bits even for root, who may write anywhere but should not here. */
    private static boolean writable(Path folder) {
        try {
            return Files.isWritable(folder)
                    && Files.getPosixFilePermissions(folder).contains(PosixFilePermission.OWNER_WRITE);
        } catch (UnsupportedOperationException | IOException e) {
            return Files.isWritable(folder);
        }
    }

    public Path file() {
        return file;
    }

    /** The settled entry for this input, if its content is what was sent then. */
    public Entry settled(InputRecord record) {
        synchronized (lock) {
            Entry entry = entries.get(record.line());
            return entry != null && entry.key().equals(record.idempotencyKey()) ? entry : null;
        }
    }

    public List<Entry> accepted() {
        synchronized (lock) {
            return entries.values().stream().filter(Entry::accepted).toList();
        }
    }

    public void record(Entry entry) throws IOException {
        synchronized (lock) {
            entries.put(entry.line(), entry);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("line", entry.line());
            line.put("key", entry.key());
            if (entry.accepted()) {
                line.put("patientId", entry.patientId());
                line.put("reportId", entry.reportId());
            } else {
                line.put("status", entry.status());
                line.put("error", entry.error());
            }
            writer.write(Json.write(line));
            writer.newLine();
            writer.flush();
        }
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    @Override
    public void close() throws IOException {
        synchronized (lock) {
            writer.close();
        }
    }
}
