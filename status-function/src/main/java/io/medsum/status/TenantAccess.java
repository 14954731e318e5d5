package io.medsum.status;

import io.medsum.common.domain.Report;
import java.util.Optional;
import java.util.Set;

/**
 * Which reports a caller may see: its own tenant's, and every tenant's for a configured cross-tenant reader (a clinical
 * safety team, say), whose reads the audit trail marks as cross-tenant. Readers read; decisions stay with the tenant.
 */
final class TenantAccess {
    private final Set<String> crossTenantReaders;

    TenantAccess(Set<String> crossTenantReaders) {
        this.crossTenantReaders = Set.copyOf(crossTenantReaders);
    }

    boolean readsEveryTenant(String tenant) {
        return crossTenantReaders.contains(tenant);
    }

    boolean canRead(String tenant, Report report) {
        return tenant.equals(report.tenant()) || readsEveryTenant(tenant);
    }

    /** The tenant a listing is limited to: the caller's own, or none for a cross-tenant reader. */
    Optional<String> listingScope(String tenant) {
        return readsEveryTenant(tenant) ? Optional.empty() : Optional.of(tenant);
    }
}
