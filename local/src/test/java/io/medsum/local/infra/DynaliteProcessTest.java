package io.medsum.local.infra;

import static io.medsum.local.infra.LoopbackPorts.acceptsConnections;
import static io.medsum.local.infra.LoopbackPorts.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class DynaliteProcessTest {

    @TempDir
    Path tempDir;

    @Test
    void inMemoryModeServesTheDynamoDbApiOnItsEndpoint() {
        try (DynaliteProcess dynalite = DynaliteProcess.startInMemory();
                DynamoDbClient dynamoDb = LocalAwsClients.dynamoDb(dynalite.endpoint())) {
            createTable(dynamoDb, "Things");

            assertThat(dynalite.dataDirectory()).isEmpty();
            assertThat(dynalite.endpoint().getHost()).isEqualTo("127.0.0.1");
            assertThat(dynalite.endpoint().getPort()).isEqualTo(dynalite.port()).isPositive();
            assertThat(dynamoDb.listTables().tableNames()).containsExactly("Things");
        }
    }

    @Test
    void diskModeKeepsTablesAndItemsAcrossARestartOnTheSameEndpoint() {
        Path data = tempDir.resolve("dynalite-data");
        try (DynaliteProcess dynalite = DynaliteProcess.startOnDisk(data);
                DynamoDbClient dynamoDb = LocalAwsClients.dynamoDb(dynalite.endpoint())) {
            createTable(dynamoDb, "Things");
            dynamoDb.putItem(request -> request.tableName("Things")
                    .item(Map.of("Id", AttributeValue.fromS("one"), "Colour", AttributeValue.fromS("blue"))));
            var endpointBefore = dynalite.endpoint();
            long pidBefore = dynalite.pid();

            dynalite.restart();

            assertThat(dynalite.endpoint()).isEqualTo(endpointBefore);
            assertThat(dynalite.pid()).isNotEqualTo(pidBefore);
            assertThat(dynalite.dataDirectory()).contains(data);
            var item = dynamoDb.getItem(
                            request -> request.tableName("Things").key(Map.of("Id", AttributeValue.fromS("one"))))
                    .item();
            assertThat(item).containsEntry("Colour", AttributeValue.fromS("blue"));
        }
    }

    @Test
    void inMemoryModeComesBackEmptyAfterARestart() {
        try (DynaliteProcess dynalite = DynaliteProcess.startInMemory();
                DynamoDbClient dynamoDb = LocalAwsClients.dynamoDb(dynalite.endpoint())) {
            createTable(dynamoDb, "Things");

            dynalite.restart();

            assertThat(dynamoDb.listTables().tableNames()).isEmpty();
        }
    }

    @Test
    void closeLeavesNoDynaliteProcessBehind() {
        DynaliteProcess dynalite = DynaliteProcess.startInMemory();
        long pid = dynalite.pid();
        assertThat(isAlive(pid)).isTrue();

        dynalite.close();

        assertThat(isAlive(pid)).isFalse();
        assertThat(dynalite.isRunning()).isFalse();
        assertThat(acceptsConnections(dynalite.port())).isFalse();
    }

    @Test
    void stopTakesTheEndpointDownUntilRestart() {
        try (DynaliteProcess dynalite = DynaliteProcess.startInMemory();
                DynamoDbClient dynamoDb = LocalAwsClients.dynamoDb(dynalite.endpoint())) {
            dynalite.stop();

            assertThat(dynalite.isRunning()).isFalse();
            assertThat(acceptsConnections(dynalite.port())).isFalse();

            dynalite.restart();

            assertThat(dynamoDb.listTables().tableNames()).isEmpty();
        }
    }

    @Test
    void cannotBeRestartedOnceClosed() {
        DynaliteProcess dynalite = DynaliteProcess.startInMemory();
        dynalite.close();

        assertThatThrownBy(dynalite::restart)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(dynalite.isRunning()).isFalse();
    }

    @Test
    void listensOnTheGivenPort() {
        int port = freePort();
        try (DynaliteProcess dynalite =
                DynaliteProcess.start(DynaliteProcess.Options.defaults().withPort(port))) {
            assertThat(dynalite.endpoint().getPort()).isEqualTo(port);
            assertThat(acceptsConnections(port)).isTrue();
        }
    }

    @Test
    void failsClearlyWhenTheGivenPortIsTaken() throws IOException {
        try (ServerSocket occupant = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            var options = DynaliteProcess.Options.defaults().withPort(occupant.getLocalPort());

            assertThatThrownBy(() -> DynaliteProcess.start(options))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("could not bind")
                    .hasStackTraceContaining("EADDRINUSE");
        }
    }

    @Test
    void closeAlsoEndsProcessesThatDynaliteSpawned() throws IOException {
        Path home = fakeDynaliteHome("""
                const { spawn } = require('child_process');
                spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
                const port = Number(process.argv[process.argv.indexOf('--port') + 1]);
                require('net').createServer().listen(port, '127.0.0.1',
                    () => console.log('Dynalite listening at: http://127.0.0.1:' + port));
                """);
        DynaliteProcess dynalite =
                DynaliteProcess.start(DynaliteProcess.Options.defaults().withHome(home));
        List<ProcessHandle> children =
                ProcessHandle.of(dynalite.pid()).orElseThrow().descendants().toList();
        assertThat(children).isNotEmpty();

        dynalite.close();

        assertThat(children).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void reportsWhatDynaliteSaidWhenItDiesBeforeListening() throws IOException {
        Path home = fakeDynaliteHome("console.error('leveldb: cannot open store'); process.exit(3);");

        assertThatThrownBy(() ->
                        DynaliteProcess.start(DynaliteProcess.Options.defaults().withHome(home)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with code 3")
                .hasMessageContaining("leveldb: cannot open store");
    }

    @Test
    void saysNodeIsRequiredWhenItCannotBeRun() {
        var options = DynaliteProcess.Options.defaults().withNodeExecutable("medsum-no-such-node-binary");

        assertThatThrownBy(() -> DynaliteProcess.start(options))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Node.js is required: install Node.js 20+");
    }

    @Test
    void saysDynaliteIsMissingWhenTheHomeHasNoInstall() {
        var options = DynaliteProcess.Options.defaults().withHome(tempDir);

        assertThatThrownBy(() -> DynaliteProcess.start(options))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dynalite is not installed at " + tempDir);
    }

    private Path fakeDynaliteHome(String cliScript) throws IOException {
        Path home = tempDir.resolve("fake-dynalite-home");
        Path cli = home.resolve("node_modules/dynalite/cli.js");
        Files.createDirectories(cli.getParent());
        Files.writeString(cli, cliScript);
        return home;
    }

    private static void createTable(DynamoDbClient dynamoDb, String name) {
        dynamoDb.createTable(request -> request.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        definition -> definition.attributeName("Id").attributeType(ScalarAttributeType.S))
                .keySchema(key -> key.attributeName("Id").keyType(KeyType.HASH)));
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
