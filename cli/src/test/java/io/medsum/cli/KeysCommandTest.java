package io.medsum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.common.http.Tenants;
import io.medsum.local.gateway.ClientKey;
import io.medsum.local.gateway.ClientKeys;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysCommandTest {
    @TempDir
    Path dataDir;

    @Test
    void createPrintsTheKeyOnceAndListNeverShowsIt() {
        CliRun created = CliRun.of("keys", "create", "clinic-a", "--data-dir", dataDir.toString());
        assertThat(created.exitCode()).isZero();
        ClientKey key = ClientKeys.in(dataDir).named("clinic-a").orElseThrow();
        assertThat(created.out()).contains(key.key(), key.tenantId());

        CliRun listed = CliRun.of("keys", "list", "--data-dir", dataDir.toString());
        assertThat(listed.out()).contains("clinic-a", key.tenantId(), "no").doesNotContain(key.key());
    }

    @Test
    void crossTenantReadersAreFlagged() {
        CliRun.of("keys", "create", "safety", "--cross-tenant-reader", "--data-dir", dataDir.toString());
        assertThat(ClientKeys.in(dataDir).named("safety").orElseThrow().crossTenantReader())
                .isTrue();
        assertThat(CliRun.of("keys", "list", "--data-dir", dataDir.toString()).out())
                .containsPattern("safety\\s+\\S+\\s+yes");
    }

    @Test
    void revokeRemovesTheKey() {
        CliRun.of("keys", "create", "clinic-b", "--data-dir", dataDir.toString());
        assertThat(CliRun.of("keys", "revoke", "clinic-b", "--data-dir", dataDir.toString())
                        .exitCode())
                .isZero();
        assertThat(ClientKeys.in(dataDir).list()).isEmpty();
        assertThat(CliRun.of("keys", "revoke", "clinic-b", "--data-dir", dataDir.toString())
                        .exitCode())
                .isEqualTo(1);
    }

    @Test
    void tenantOfReadsTheKeyFromStandardInput() {
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream("some-deployed-key-value\n".getBytes(StandardCharsets.UTF_8)));
        try {
            assertThat(CliRun.of("keys", "tenant-of").out().strip())
                    .isEqualTo(Tenants.ofApiKey("some-deployed-key-value"));
        } finally {
            System.setIn(original);
        }
    }
}
