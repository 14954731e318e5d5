package io.medsum.local.adapters;

import io.medsum.common.aws.DynamoIdempotencyStore;
import io.medsum.common.ports.IdempotencyStore;
import io.medsum.common.testing.IdempotencyStoreContract;
import io.medsum.local.infra.DynaliteProcess;
import io.medsum.local.infra.LocalAwsClients;
import io.medsum.local.infra.LocalResources;
import io.medsum.local.infra.TemplateSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Idempotency keys as conditional writes against dynalite: the contract the in-memory fake also passes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DynamoIdempotencyStoreContractTest extends IdempotencyStoreContract {
    private DynaliteProcess dynalite;
    private DynamoDbClient dynamo;
    private DynamoIdempotencyStore store;

    @BeforeAll
    void start() {
        dynalite = DynaliteProcess.startInMemory();
        dynamo = LocalAwsClients.dynamoDb(dynalite.endpoint());
        String table = new LocalResources(dynamo, null, TemplateSettings.fromProjectTemplate())
                .createTable("PatientReports")
                .tableName();
        store = new DynamoIdempotencyStore(dynamo, table, LIFETIME, LOCK);
    }

    @AfterAll
    void stop() {
        dynamo.close();
        dynalite.close();
    }

    @Override
    protected IdempotencyStore store() {
        return store;
    }
}
