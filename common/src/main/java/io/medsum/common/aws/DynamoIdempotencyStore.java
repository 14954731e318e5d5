package io.medsum.common.aws;

import static io.medsum.common.aws.ReportItems.EXPIRES_AT;
import static io.medsum.common.aws.ReportItems.PATIENT_ID;
import static io.medsum.common.aws.ReportItems.REPORT_ID;
import static io.medsum.common.aws.ReportItems.num;
import static io.medsum.common.aws.ReportItems.number;
import static io.medsum.common.aws.ReportItems.str;

import io.medsum.common.domain.ReportKey;
import io.medsum.common.ports.IdempotencyStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Idempotency keys as small items in the reports table, under a partition no patient id can take ({@code #} is outside
 * the patient id alphabet), so listing a patient never sees them and the table's TTL, encryption and backups cover them
 * too.
 */
public final class DynamoIdempotencyStore implements IdempotencyStore {
    static final String PARTITION_PREFIX = "IDEMPOTENCY#";
    private static final String SORT_KEY = "KEY";
    private static final String FINGERPRINT = "Fingerprint";
    private static final String STATE = "KeyState";
    private static final String TARGET_PATIENT = "TargetPatientID";
    private static final String TARGET_REPORT = "TargetReportID";
    private static final String LOCKED_UNTIL = "LockedUntil";
    private static final String IN_PROGRESS = "IN_PROGRESS";
    private static final String COMPLETED = "COMPLETED";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration keyLifetime;
    private final Duration lock;

    /**
     * @param keyLifetime how long a key is remembered (24 h per the draft)
     * @param lock how long an unfinished request holds its key before a retry may take it over; longer than the ingest
     *     function's timeout, so a live request is never overtaken
     */
    public DynamoIdempotencyStore(DynamoDbClient dynamo, String table, Duration keyLifetime, Duration lock) {
        this.dynamo = dynamo;
        this.table = table;
        this.keyLifetime = keyLifetime;
        this.lock = lock;
    }

    @Override
    public Reservation reserve(String keyHash, String fingerprint, ReportKey proposed, long now) {
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                dynamo.putItem(b -> b.tableName(table)
                        .item(Map.of(
                                PATIENT_ID, AttributeValue.fromS(PARTITION_PREFIX + keyHash),
                                REPORT_ID, AttributeValue.fromS(SORT_KEY),
                                FINGERPRINT, AttributeValue.fromS(fingerprint),
                                STATE, AttributeValue.fromS(IN_PROGRESS),
                                TARGET_PATIENT, AttributeValue.fromS(proposed.patientId()),
                                TARGET_REPORT, AttributeValue.fromS(proposed.reportId()),
                                LOCKED_UNTIL, number(now + lock.toSeconds()),
                                EXPIRES_AT, number(now + keyLifetime.toSeconds())))
                        // An expired key that TTL has not removed yet is free again.
                        .conditionExpression("attribute_not_exists(" + PATIENT_ID + ") OR " + EXPIRES_AT + " < :now")
                        .expressionAttributeValues(Map.of(":now", number(now))));
                return new Reservation.Reserved(proposed);
            } catch (ConditionalCheckFailedException e) {
                Map<String, AttributeValue> existing = dynamo.getItem(
                                b -> b.tableName(table).key(key(keyHash)).consistentRead(true))
                        .item();
                if (existing == null || existing.isEmpty()) {
                    continue; // released between our put and get: try again
                }
                Optional<Reservation> found = interpret(keyHash, existing, fingerprint, now);
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        return new Reservation.InFlight();
    }

    /**
     * What the key item an earlier request left means for this one; empty when another request changed the item between
     * our read and our takeover, so it must be read again.
     */
    private Optional<Reservation> interpret(
            String keyHash, Map<String, AttributeValue> existing, String fingerprint, long now) {
        if (!fingerprint.equals(str(existing, FINGERPRINT))) {
            return Optional.of(new Reservation.Mismatch());
        }
        ReportKey target = new ReportKey(str(existing, TARGET_PATIENT), str(existing, TARGET_REPORT));
        if (COMPLETED.equals(str(existing, STATE))) {
            return Optional.of(new Reservation.Replay(target));
        }
        long lockedUntil = num(existing, LOCKED_UNTIL, 0);
        if (lockedUntil > now) {
            return Optional.of(new Reservation.InFlight());
        }
        // The first request died mid-way: take the key over and finish the same report.
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(key(keyHash))
                    .updateExpression("SET " + LOCKED_UNTIL + " = :lock")
                    .conditionExpression(STATE + " = :inProgress AND " + LOCKED_UNTIL + " = :seen")
                    .expressionAttributeValues(Map.of(
                            ":lock", number(now + lock.toSeconds()),
                            ":inProgress", AttributeValue.fromS(IN_PROGRESS),
                            ":seen", number(lockedUntil))));
            return Optional.of(new Reservation.Reserved(target));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty(); // someone else moved it: look again
        }
    }

    @Override
    public void complete(String keyHash, long now) {
        dynamo.updateItem(b -> b.tableName(table)
                .key(key(keyHash))
                .updateExpression("SET " + STATE + " = :completed REMOVE " + LOCKED_UNTIL)
                .expressionAttributeValues(Map.of(":completed", AttributeValue.fromS(COMPLETED))));
    }

    @Override
    public void release(String keyHash) {
        dynamo.deleteItem(b -> b.tableName(table).key(key(keyHash)));
    }

    private static Map<String, AttributeValue> key(String keyHash) {
        return Map.of(
                PATIENT_ID,
                AttributeValue.fromS(PARTITION_PREFIX + keyHash),
                REPORT_ID,
                AttributeValue.fromS(SORT_KEY));
    }
}
