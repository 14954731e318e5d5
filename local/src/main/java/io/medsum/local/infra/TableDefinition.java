package io.medsum.local.infra;

import java.util.List;

/**
 * A DynamoDB table as the template declares it (only what shapes the data; encryption, point-in-time recovery and
 * deletion protection have no local meaning).
 *
 * @param timeToLiveAttribute the TTL attribute if TTL is enabled, else null
 */
public record TableDefinition(
        String logicalId,
        String billingMode,
        List<KeyAttribute> keySchema,
        List<AttributeDefinition> attributeDefinitions,
        List<SecondaryIndex> globalSecondaryIndexes,
        String timeToLiveAttribute) {

    public TableDefinition {
        keySchema = List.copyOf(keySchema);
        attributeDefinitions = List.copyOf(attributeDefinitions);
        globalSecondaryIndexes = List.copyOf(globalSecondaryIndexes);
    }

    /** One element of a key schema: an attribute and its role, HASH or RANGE. */
    public record KeyAttribute(String attributeName, String keyType) {}

    /** An attribute's scalar type: S, N or B. */
    public record AttributeDefinition(String attributeName, String attributeType) {}

    /** A global secondary index; {@code nonKeyAttributes} only matters for projection INCLUDE. */
    public record SecondaryIndex(
            String indexName, List<KeyAttribute> keySchema, String projectionType, List<String> nonKeyAttributes) {
        public SecondaryIndex {
            keySchema = List.copyOf(keySchema);
            nonKeyAttributes = List.copyOf(nonKeyAttributes);
        }
    }
}
