package io.medsum.common.aws;

import io.medsum.common.domain.FailureCode;
import io.medsum.common.domain.Grounding;
import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportStatus;
import io.medsum.common.domain.Review;
import io.medsum.common.notify.PendingNotification;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Maps {@link Report} to and from PatientReports items by hand: no reflection, so cold starts stay short. Public for
 * the one other reader of the table's items, the local stack's restart recovery.
 */
public final class ReportItems {
    static final String PATIENT_ID = "PatientID";
    static final String REPORT_ID = "ReportID";
    /** The tenant that submitted the report: reads, lists and reviews answer only within it. */
    static final String TENANT = "Tenant";

    public static final String STATUS = "ProcessingStatus";
    static final String ORIGINAL_TEXT = "OriginalText";
    static final String SUMMARY = "Summary";
    static final String SUMMARY_SOURCE = "SummarySource";
    static final String SOURCE_SYSTEM = "SourceSystem";
    static final String METADATA = "Metadata";
    static final String CREATED_AT = "CreatedAt";
    static final String UPDATED_AT = "UpdatedAt";
    static final String EXPIRES_AT = "ExpiresAt";
    static final String ATTEMPTS = "Attempts";
    static final String MODEL_ID = "ModelId";
    static final String INPUT_TOKENS = "InputTokens";
    static final String OUTPUT_TOKENS = "OutputTokens";
    static final String LAST_ERROR = "LastError";
    static final String LAST_ERROR_CODE = "LastErrorCode";
    static final String REDRIVABLE = "Redrivable";
    static final String CLAIM_TOKEN = "ClaimToken";
    public static final String LEASE_UNTIL = "LeaseUntil";
    /** The facts a summary's check could not verify: a list of maps {Kind, Text}; Text is patient data. */
    static final String REVIEW_FINDINGS = "ReviewFindings";

    /** The optional grounding check's score and the guardrail's threshold: numbers only. */
    static final String GROUNDING_SCORE = "GroundingScore";

    static final String GROUNDING_THRESHOLD = "GroundingThreshold";
    static final String REVIEW_DECISION = "ReviewDecision";
    static final String REVIEWED_BY = "ReviewedBy";
    static final String REVIEWED_AT = "ReviewedAt";
    static final String REVIEW_COMMENT = "ReviewComment";
    static final String ENQUEUE_SHARD = "EnqueueShard";
    static final String AWAITING_ENQUEUE_SINCE = "AwaitingEnqueueSince";

    static final String AWAITING_ENQUEUE_INDEX = "AwaitingEnqueue";

    /**
     * The outbox marker of a terminal transition whose notification is not yet published: its id, and the shard and
     * time that put the record in the sparse AwaitingNotification index until the publish clears them.
     */
    static final String NOTIFICATION_ID = "NotificationId";

    static final String NOTIFY_SHARD = "NotifyShard";
    static final String NOTIFY_SINCE = "NotifySince";
    static final String AWAITING_NOTIFICATION_INDEX = "AwaitingNotification";
    /** Spreads the sparse index over partitions so a bulk upload never makes one hot. */
    static final int ENQUEUE_SHARDS = 8;

    private ReportItems() {}

    public static Map<String, AttributeValue> key(ReportKey key) {
        return Map.of(
                PATIENT_ID, AttributeValue.fromS(key.patientId()), REPORT_ID, AttributeValue.fromS(key.reportId()));
    }

    static String shardOf(String reportId) {
        return "S" + Math.floorMod(reportId.hashCode(), ENQUEUE_SHARDS);
    }

    /** A new record, marked as awaiting its enqueue so the reconciler can find it if the enqueue never happens. */
    static Map<String, AttributeValue> newItem(Report r) {
        Map<String, AttributeValue> item = new HashMap<>(key(r.key()));
        item.put(TENANT, AttributeValue.fromS(r.tenant()));
        item.put(STATUS, AttributeValue.fromS(r.status().name()));
        item.put(ORIGINAL_TEXT, AttributeValue.fromS(r.originalText()));
        item.put(SOURCE_SYSTEM, AttributeValue.fromS(r.sourceSystem()));
        Map<String, AttributeValue> metadata = new HashMap<>();
        r.metadata().forEach((k, v) -> metadata.put(k, AttributeValue.fromS(v)));
        item.put(METADATA, AttributeValue.fromM(metadata));
        item.put(CREATED_AT, number(r.createdAt()));
        item.put(UPDATED_AT, number(r.updatedAt()));
        item.put(EXPIRES_AT, number(r.expiresAt()));
        item.put(ATTEMPTS, number(r.attempts()));
        item.put(ENQUEUE_SHARD, AttributeValue.fromS(shardOf(r.reportId())));
        item.put(AWAITING_ENQUEUE_SINCE, number(r.createdAt()));
        return item;
    }

    public static Report fromItem(Map<String, AttributeValue> item) {
        Map<String, String> metadata = new LinkedHashMap<>();
        AttributeValue meta = item.get(METADATA);
        if (meta != null && meta.hasM()) {
            meta.m().forEach((k, v) -> metadata.put(k, v.s()));
        }
        String code = str(item, LAST_ERROR_CODE);
        return new Report(
                str(item, PATIENT_ID),
                str(item, REPORT_ID),
                str(item, TENANT),
                ReportStatus.valueOf(str(item, STATUS)),
                str(item, ORIGINAL_TEXT),
                str(item, SUMMARY),
                str(item, SUMMARY_SOURCE),
                str(item, SOURCE_SYSTEM),
                metadata,
                num(item, CREATED_AT, 0),
                num(item, UPDATED_AT, 0),
                num(item, EXPIRES_AT, 0),
                (int) num(item, ATTEMPTS, 0),
                str(item, MODEL_ID),
                item.containsKey(INPUT_TOKENS) ? (int) num(item, INPUT_TOKENS, 0) : null,
                item.containsKey(OUTPUT_TOKENS) ? (int) num(item, OUTPUT_TOKENS, 0) : null,
                code == null ? null : FailureCode.valueOf(code),
                str(item, LAST_ERROR),
                review(item),
                grounding(item),
                notification(item));
    }

    private static PendingNotification notification(Map<String, AttributeValue> item) {
        String id = str(item, NOTIFICATION_ID);
        return id == null ? null : new PendingNotification(id, num(item, NOTIFY_SINCE, 0));
    }

    /**
     * The update-expression clause that sets the outbox marker, with its values put into {@code values}: every terminal
     * write carries it, so the transition and "its notification is pending" are one atomic write.
     */
    static String notificationMarker(
            String reportId, String notificationId, long now, Map<String, AttributeValue> values) {
        values.put(":notificationId", AttributeValue.fromS(notificationId));
        values.put(":notifyShard", AttributeValue.fromS(shardOf(reportId)));
        values.put(":notifySince", number(now));
        return NOTIFICATION_ID + " = :notificationId, " + NOTIFY_SHARD + " = :notifyShard, " + NOTIFY_SINCE
                + " = :notifySince";
    }

    private static Grounding grounding(Map<String, AttributeValue> item) {
        AttributeValue score = item.get(GROUNDING_SCORE);
        AttributeValue threshold = item.get(GROUNDING_THRESHOLD);
        return score == null || threshold == null
                ? null
                : new Grounding(Double.parseDouble(score.n()), Double.parseDouble(threshold.n()));
    }

    /** A fraction as a DynamoDB number. */
    static AttributeValue decimal(double value) {
        return AttributeValue.fromN(Double.toString(value));
    }

    static AttributeValue findings(List<Review.Finding> findings) {
        return AttributeValue.fromL(findings.stream()
                .map(f -> AttributeValue.fromM(
                        Map.of("Kind", AttributeValue.fromS(f.kind()), "Text", AttributeValue.fromS(f.text()))))
                .toList());
    }

    private static Review review(Map<String, AttributeValue> item) {
        AttributeValue findings = item.get(REVIEW_FINDINGS);
        if (findings == null || !findings.hasL()) {
            return null;
        }
        List<Review.Finding> list = findings.l().stream()
                .map(f -> new Review.Finding(
                        f.m().get("Kind").s(), f.m().get("Text").s()))
                .toList();
        String decision = str(item, REVIEW_DECISION);
        return new Review(
                list,
                decision == null ? null : Review.Decision.valueOf(decision),
                str(item, REVIEWED_BY),
                item.containsKey(REVIEWED_AT) ? num(item, REVIEWED_AT, 0) : null,
                str(item, REVIEW_COMMENT));
    }

    /** A number attribute: the SDK takes numbers as strings. */
    static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    static long num(Map<String, AttributeValue> item, String name, long fallback) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? fallback : Long.parseLong(v.n());
    }
}
