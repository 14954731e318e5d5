package io.medsum.cli;

import io.medsum.cli.api.Target;
import io.medsum.common.audit.AuditAction;
import io.medsum.common.audit.AuditEntry;
import io.medsum.common.aws.CloudWatchAuditTrail;
import java.time.Instant;
import java.util.List;

/**
 * Operator commands that touch patient data outside the API (the DLQ's messages name patients and reports) record
 * themselves in the same audit trail. The principal is the operating-system user running the CLI: the AWS identity
 * behind the credentials is not looked up (CloudTrail records the SQS calls under it).
 */
final class OperatorAudit {
    static final String TENANT = "operator";

    private OperatorAudit() {}

    static void record(Target target, AuditAction action, List<AuditEntry.Subject> subjects) {
        new CloudWatchAuditTrail(target.requireLogs(), target.auditLogGroup(), "cli")
                .record(new AuditEntry(
                        Instant.now(),
                        action,
                        TENANT,
                        "cli:" + System.getProperty("user.name", "unknown"),
                        "ok",
                        0,
                        false,
                        subjects,
                        ""));
    }
}
