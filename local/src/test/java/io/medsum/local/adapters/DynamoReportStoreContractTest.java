package io.medsum.local.adapters;

import io.medsum.common.aws.DynamoReportStore;
import io.medsum.common.ports.ReportStore;
import io.medsum.common.testing.ReportStoreContract;
import io.medsum.local.infra.DynaliteProcess;
import io.medsum.local.infra.LocalAwsClients;
import io.medsum.local.infra.LocalResources;
import io.medsum.local.infra.TemplateSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The record's state machine as conditional writes against dynalite: the contract the in-memory fake also passes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DynamoReportStoreContractTest extends ReportStoreContract {
    private DynaliteProcess dynalite;
    private DynamoDbClient dynamo;
    private DynamoReportStore store;

    @BeforeAll
    void start() {
        dynalite = DynaliteProcess.startInMemory();
        dynamo = LocalAwsClients.dynamoDb(dynalite.endpoint());
        String table = new LocalResources(dynamo, null, TemplateSettings.fromProjectTemplate())
                .createTable("PatientReports")
                .tableName();
        store = new DynamoReportStore(dynamo, table);
    }

    @AfterAll
    void stop() {
        dynamo.close();
        dynalite.close();
    }

    @Override
    protected ReportStore store() {
        return store;
    }
}
