package io.medsum.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medsum.common.http.Tenants;
import io.medsum.local.infra.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientKeysTest {
    @TempDir
    Path dir;

    @Test
    void keysAreRandomLongEnoughAndWithinApiGatewaysLengths() {
        ClientKeys keys = ClientKeys.in(dir.resolve("state"));
        Set<String> values = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            String value = keys.create("client-" + i, false).key();
            assertThat(value).hasSizeBetween(43, 128).matches("[A-Za-z0-9_-]+");
            values.add(value);
        }
        assertThat(values).hasSize(20);
    }

    @Test
    void theRegistryIsPrivateToItsOwner() throws IOException {
        Path state = dir.resolve("state");
        ClientKeys.in(state).create("clinic-a", false);
        assertThat(Files.getPosixFilePermissions(state)).isEqualTo(PrivateFiles.FOLDER);
        assertThat(Files.getPosixFilePermissions(state.resolve(ClientKeys.FILE_NAME)))
                .isEqualTo(PrivateFiles.FILE);
    }

    @Test
    void createListRevoke() {
        ClientKeys keys = ClientKeys.in(dir);
        ClientKey a = keys.create("clinic-a", false);
        ClientKey safety = keys.create("safety", true);
        assertThat(keys.list()).extracting(ClientKey::name).containsExactly("clinic-a", "safety");
        assertThat(keys.crossTenantReaders()).containsExactly(safety.tenantId());
        assertThat(keys.match(a.key())).contains(a);
        assertThat(keys.revoke("clinic-a")).isTrue();
        assertThat(keys.revoke("clinic-a")).isFalse();
        assertThat(keys.match(a.key())).isEmpty();
        assertThatThrownBy(() -> keys.create("safety", false)).hasMessageContaining("already");
        assertThatThrownBy(() -> keys.create("bad name", false)).hasMessageContaining("letters");
    }

    @Test
    void theTenantIsAHashPrefixNotTheKey() {
        ClientKey key = ClientKeys.in(dir).create("clinic-a", false);
        assertThat(key.tenantId()).isEqualTo(Tenants.ofApiKey(key.key())).matches("apikey:[0-9a-f]{20}");
        assertThat(key.toString()).doesNotContain(key.key());
        // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
        assertThat(Tenants.ofApiKey("abc")).isEqualTo("apikey:ba7816bf8f01cfea4141");
    }

    @Test
    void theFirstStartKeepsALegacyKeyAsDefaultAndARevokedDefaultStaysRevoked() {
        ClientKeys keys = ClientKeys.in(dir);
        assertThat(keys.initialise("local-0123456789abcdef0123456789abcdef"))
                .map(ClientKey::key)
                .contains("local-0123456789abcdef0123456789abcdef");
        keys.revoke(ClientKeys.DEFAULT_NAME);
        assertThat(keys.initialise(null)).isEmpty();
    }
}
