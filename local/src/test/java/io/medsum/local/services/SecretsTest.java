package io.medsum.local.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medsum.common.json.Json;
import io.medsum.local.infra.LocalAwsClients;
import io.medsum.local.infra.PrivateFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The Secrets Manager stand-in through the real {@link SecretsManagerClient}, as the webhooks adapter uses it, and its
 * secrets at rest: encrypted, in 0600 files, with plaintext files of earlier versions taken over.
 */
class SecretsTest {
    private static final String SIGNING_SECRET = "whsec_c2lnbmluZy1zZWNyZXQtb2YtdGhlLXRlc3Qtd2ViaG9vaw==";
    private static final String KEY_ARN = "arn:aws:kms:us-east-1:000000000000:key/medsum-local-data-key";

    @TempDir
    Path dir;

    @Test
    void aSecretIsCreatedOnceReadAndDescribedWithItsTagsAndKey() throws Exception {
        try (AwsJsonServer server = AwsJsonServer.start(dir);
                SecretsManagerClient secrets = LocalAwsClients.secrets(server.endpoint())) {
            var created = secrets.createSecret(b -> b.name("medsum/local/webhooks/wh-1")
                    .description("medsum webhook signing secret")
                    .secretString(SIGNING_SECRET)
                    .kmsKeyId(KEY_ARN)
                    .tags(t -> t.key("medsum:webhook").value("wh-1")));

            assertThat(created.arn()).endsWith(":secret:medsum/local/webhooks/wh-1");
            assertThat(secrets.getSecretValue(b -> b.secretId("medsum/local/webhooks/wh-1"))
                            .secretString())
                    .isEqualTo(SIGNING_SECRET);
            assertThat(secrets.getSecretValue(b -> b.secretId(created.arn())).secretString())
                    .isEqualTo(SIGNING_SECRET);
            var described = secrets.describeSecret(b -> b.secretId("medsum/local/webhooks/wh-1"));
            assertThat(described.description()).isEqualTo("medsum webhook signing secret");
            assertThat(described.kmsKeyId()).isEqualTo(KEY_ARN);
            assertThat(described.tags()).singleElement().satisfies(tag -> {
                assertThat(tag.key()).isEqualTo("medsum:webhook");
                assertThat(tag.value()).isEqualTo("wh-1");
            });
            assertThatThrownBy(() -> secrets.createSecret(
                            b -> b.name("medsum/local/webhooks/wh-1").secretString("another")))
                    .isInstanceOf(ResourceExistsException.class);
        }
    }

    @Test
    void aForcedDeleteIsImmediateAndARecoverableOneBlocksReadsAndTheName() throws Exception {
        try (AwsJsonServer server = AwsJsonServer.start(dir);
                SecretsManagerClient secrets = LocalAwsClients.secrets(server.endpoint())) {
            secrets.createSecret(b -> b.name("forced").secretString("a"));
            secrets.createSecret(b -> b.name("recoverable").secretString("b"));

            secrets.deleteSecret(b -> b.secretId("forced").forceDeleteWithoutRecovery(true));
            secrets.deleteSecret(b -> b.secretId("recoverable").recoveryWindowInDays(7L));

            assertThatThrownBy(() -> secrets.getSecretValue(b -> b.secretId("forced")))
                    .isInstanceOf(ResourceNotFoundException.class);
            secrets.createSecret(b -> b.name("forced").secretString("a again"));
            assertThatThrownBy(() -> secrets.getSecretValue(b -> b.secretId("recoverable")))
                    .isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() ->
                            secrets.createSecret(b -> b.name("recoverable").secretString("c")))
                    .isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> secrets.deleteSecret(b -> b.secretId("never-was")))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void valuesAreEncryptedAtRestInPrivateFilesAndSurviveARestart() throws Exception {
        String cursorArn;
        try (AwsJsonServer server = AwsJsonServer.start(dir);
                SecretsManagerClient secrets = LocalAwsClients.secrets(server.endpoint())) {
            cursorArn = server.secrets().ensureRandom("medsum/cursor-key");
            secrets.createSecret(b -> b.name("medsum/local/webhooks/wh-2").secretString(SIGNING_SECRET));
        }
        Path file = dir.resolve("secrets.json");
        Path key = dir.resolve("secrets.key");

        String onDisk = Files.readString(file);
        assertThat(onDisk).doesNotContain(SIGNING_SECRET).doesNotContain("c2lnbmluZy1zZWNyZXQ");
        assertThat(Json.parse(onDisk).path("format").asText()).isEqualTo(Secrets.FORMAT);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PrivateFiles.FILE);
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PrivateFiles.FILE);

        try (AwsJsonServer restarted = AwsJsonServer.start(dir);
                SecretsManagerClient secrets = LocalAwsClients.secrets(restarted.endpoint())) {
            assertThat(secrets.getSecretValue(b -> b.secretId("medsum/local/webhooks/wh-2"))
                            .secretString())
                    .isEqualTo(SIGNING_SECRET);
            assertThat(restarted.secrets().ensureRandom("medsum/cursor-key")).isEqualTo(cursorArn);
        }
    }

    @Test
    void aPlaintextFileOfAnEarlierVersionIsReadAndRewrittenEncrypted() throws Exception {
        Files.writeString(dir.resolve("secrets.json"), "{\"medsum/cursor-key\": \"" + SIGNING_SECRET + "\"}");

        try (AwsJsonServer server = AwsJsonServer.start(dir);
                SecretsManagerClient secrets = LocalAwsClients.secrets(server.endpoint())) {
            assertThat(secrets.getSecretValue(b -> b.secretId("medsum/cursor-key"))
                            .secretString())
                    .isEqualTo(SIGNING_SECRET);
        }
        assertThat(Files.readString(dir.resolve("secrets.json"))).doesNotContain(SIGNING_SECRET);
    }

    @Test
    void aValueMovedOntoAnotherSecretsEntryDoesNotDecrypt() throws Exception {
        try (AwsJsonServer server = AwsJsonServer.start(dir);
                SecretsManagerClient secrets = LocalAwsClients.secrets(server.endpoint())) {
            secrets.createSecret(b -> b.name("a").secretString("value of a"));
            secrets.createSecret(b -> b.name("b").secretString("value of b"));
        }
        Path file = dir.resolve("secrets.json");
        ObjectNode root = (ObjectNode) Json.parse(Files.readString(file));
        ObjectNode stored = (ObjectNode) root.get("secrets");
        ((ObjectNode) stored.get("b")).set("value", stored.get("a").get("value"));
        Files.writeString(file, Json.write(root));

        assertThatThrownBy(() -> AwsJsonServer.start(dir))
                .hasMessageContaining("Cannot decrypt the local secret b")
                .rootCause()
                .hasMessageNotContaining("value of");
    }

    @Test
    void withoutADataDirectoryNothingIsWritten() throws Exception {
        try (AwsJsonServer server = AwsJsonServer.start(null);
                SecretsManagerClient secrets = LocalAwsClients.secrets(server.endpoint())) {
            secrets.createSecret(b -> b.name("in-memory").secretString("v"));
            assertThat(server.secrets().names()).contains("in-memory");
        }
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
