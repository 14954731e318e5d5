package io.medsum.notifier.webhook;

import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * {@link WebhookSecrets} in AWS Secrets Manager: one secret per webhook, named {@code <prefix>/<webhook id>} (the IAM
 * policies grant exactly that prefix), encrypted with the stack's data key, tagged with its webhook id. A deleted
 * webhook's secret is deleted without a recovery window: nothing may sign with it again.
 */
public final class SecretsManagerWebhookSecrets implements WebhookSecrets {
    private final SecretsManagerClient secrets;
    private final String prefix;
    private final String kmsKeyId;

    /** @param kmsKeyId the key that encrypts the secrets; null for Secrets Manager's own */
    public SecretsManagerWebhookSecrets(SecretsManagerClient secrets, String prefix, String kmsKeyId) {
        this.secrets = secrets;
        this.prefix = prefix;
        this.kmsKeyId = kmsKeyId;
    }

    String name(Webhook webhook) {
        return prefix + "/" + webhook.id();
    }

    @Override
    public void create(Webhook webhook, WebhookSecret secret) {
        secrets.createSecret(b -> {
            b.name(name(webhook))
                    .description("medsum webhook signing secret")
                    .secretString(secret.value())
                    .tags(t -> t.key("medsum:webhook").value(webhook.id()));
            if (kmsKeyId != null && !kmsKeyId.isBlank()) {
                b.kmsKeyId(kmsKeyId);
            }
        });
    }

    @Override
    public Optional<WebhookSecret> find(Webhook webhook) {
        try {
            return WebhookSecret.parse(
                    secrets.getSecretValue(b -> b.secretId(name(webhook))).secretString());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(Webhook webhook) {
        try {
            secrets.deleteSecret(b -> b.secretId(name(webhook)).forceDeleteWithoutRecovery(true));
        } catch (ResourceNotFoundException e) {
            // Gone already: the registration is what is being removed.
        }
    }
}
