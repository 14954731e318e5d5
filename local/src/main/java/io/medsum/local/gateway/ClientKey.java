package io.medsum.local.gateway;

import io.medsum.common.http.Tenants;
import java.time.Instant;

/**
 * One client's API key on the local stack, as API Gateway would hold it in a usage plan: the client's name, the key's
 * value, whether it may read across tenants, and when it was made.
 */
public record ClientKey(String name, String key, boolean crossTenantReader, Instant createdAt) {
    /** The tenant whose reports this key's callers see. */
    public String tenantId() {
        return Tenants.ofApiKey(key);
    }

    /** Never the key's value: records get printed. */
    @Override
    public String toString() {
        return "ClientKey[" + name + ", " + tenantId() + (crossTenantReader ? ", cross-tenant reader" : "") + "]";
    }
}
