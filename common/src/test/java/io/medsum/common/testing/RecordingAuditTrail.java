package io.medsum.common.testing;

import io.medsum.common.audit.AuditEntry;
import io.medsum.common.audit.AuditTrail;
import java.util.ArrayList;
import java.util.List;

/** An audit trail that keeps entries in memory, and can be made unavailable. */
public final class RecordingAuditTrail implements AuditTrail {
    private final List<AuditEntry> entries = new ArrayList<>();
    private boolean unavailable;

    @Override
    public synchronized void record(AuditEntry entry) {
        if (unavailable) {
            throw new AuditUnavailableException("audit trail down (test)", null);
        }
        entries.add(entry);
    }

    public synchronized List<AuditEntry> entries() {
        return List.copyOf(entries);
    }

    public synchronized void makeUnavailable() {
        unavailable = true;
    }
}
