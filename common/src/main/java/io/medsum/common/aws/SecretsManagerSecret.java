package io.medsum.common.aws;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A secret's current value from AWS Secrets Manager, read on first use (not at init: a SnapStart snapshot must not hold
 * it) and kept for the container's life. A rotated secret takes effect in new containers.
 */
public final class SecretsManagerSecret implements Supplier<byte[]> {
    private final SecretsManagerClient secrets;
    private final String secretId;
    private volatile byte[] value;

    public SecretsManagerSecret(SecretsManagerClient secrets, String secretId) {
        this.secrets = secrets;
        this.secretId = secretId;
    }

    @Override
    public byte[] get() {
        byte[] known = value;
        if (known == null) {
            known = secrets.getSecretValue(b -> b.secretId(secretId))
                    .secretString()
                    .getBytes(StandardCharsets.UTF_8);
            value = known;
        }
        return known.clone();
    }
}
