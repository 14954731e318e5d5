package io.medsum.local.infra;

import io.medsum.common.aws.ReportItems;
import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Local-only recovery reads and writes on the reports table: a restarted stack (whose in-memory queue lost its
 * messages) and the chaos run find every report not yet SUCCESS or FAILED, and end the leases of claims no worker holds
 * any more. A full scan: never on a deployed request path, which is why it lives here.
 */
public final class UnfinishedReports {
    private final DynamoDbClient dynamo;
    private final String table;

    public UnfinishedReports(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public List<Report> scan() {
        List<Report> open = new ArrayList<>();
        dynamo.scanPaginator(b -> b.tableName(table)
                        .consistentRead(true)
                        .filterExpression(ReportItems.STATUS + " IN (:pending, :processing)")
                        .expressionAttributeValues(Map.of(
                                ":pending", AttributeValue.fromS(ReportStatus.PENDING.name()),
                                ":processing", AttributeValue.fromS(ReportStatus.PROCESSING.name()))))
                .items()
                .forEach(item -> open.add(ReportItems.fromItem(item)));
        return open;
    }

    /** Ends a PROCESSING claim's lease now, for a restart that knows no worker is alive. */
    public void expireLease(ReportKey key) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(ReportItems.key(key))
                    .updateExpression("SET " + ReportItems.LEASE_UNTIL + " = :zero")
                    .conditionExpression(ReportItems.STATUS + " = :processing")
                    .expressionAttributeValues(Map.of(
                            ":zero",
                            AttributeValue.fromN("0"),
                            ":processing",
                            AttributeValue.fromS(ReportStatus.PROCESSING.name()))));
        } catch (ConditionalCheckFailedException e) {
            // Finished meanwhile: nothing to expire.
        }
    }
}
