package io.medsum.common.aws;

import io.medsum.common.audit.AuditEntries;
import io.medsum.common.audit.AuditEntry;
import io.medsum.common.audit.AuditTrail;
import io.medsum.common.observability.SafeErrors;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * The audit trail in its own CloudWatch Logs log group (KMS-encrypted, kept for years, apart from the functions'
 * diagnostic logs): one PutLogEvents per access, synchronous, so an access is answered only once it is recorded. Each
 * container writes its own stream, created on first use, after a SnapStart restore, so two containers never share one.
 */
public final class CloudWatchAuditTrail implements AuditTrail {
    private static final SecureRandom STREAM_SUFFIX = new SecureRandom();
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    private final CloudWatchLogsClient logs;
    private final String logGroup;
    private final String source;
    private String stream;

    /** @param source names the writer in the stream name (the function, or "cli") */
    public CloudWatchAuditTrail(CloudWatchLogsClient logs, String logGroup, String source) {
        this.logs = logs;
        this.logGroup = logGroup;
        this.source = source;
    }

    @Override
    public synchronized void record(AuditEntry entry) {
        InputLogEvent event = InputLogEvent.builder()
                .timestamp(entry.at().toEpochMilli())
                .message(AuditEntries.toJson(entry))
                .build();
        try {
            try {
                put(event);
            } catch (ResourceNotFoundException streamGone) {
                stream = null; // deleted under us: a new stream, once
                put(event);
            }
        } catch (SdkException e) {
            throw new AuditUnavailableException("Could not write the audit entry: " + SafeErrors.describe(e), e);
        }
    }

    /** Called with the lock held (from {@link #record}). */
    private synchronized void put(InputLogEvent event) {
        if (stream == null) {
            stream = createStream(event.timestamp());
        }
        String current = stream;
        logs.putLogEvents(b -> b.logGroupName(logGroup).logStreamName(current).logEvents(event));
    }

    private String createStream(long epochMillis) {
        byte[] random = new byte[8];
        STREAM_SUFFIX.nextBytes(random);
        String name = DAY.format(Instant.ofEpochMilli(epochMillis)) + "/" + source + "/"
                + HexFormat.of().formatHex(random);
        try {
            logs.createLogStream(b -> b.logGroupName(logGroup).logStreamName(name));
        } catch (ResourceAlreadyExistsException alreadyThere) {
            // Only a retry after a lost answer can get here: the stream is ours.
        }
        return name;
    }
}
