package io.medsum.cli.upload;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One report read from an upload input: where it came from ({@code line} — the line of a JSONL file, the row of a CSV
 * file counting the header as 1, or the position of a file in a directory — and {@code source} for messages), the
 * fields to send, and the idempotency key derived from its position and content. {@code parseError} is set, and
 * {@code report} null, when the input could not be read.
 */
public record InputRecord(
        int line, String source, Map<String, Object> report, String idempotencyKey, String parseError) {
    /** The report is copied in its field order (the idempotency key and the request body follow it). */
    public InputRecord {
        report = report == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(report));
    }

    public boolean readable() {
        return parseError == null;
    }
}
