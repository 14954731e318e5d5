package io.medsum.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TenantsTest {

    @Test
    void aConfiguredRoleArnNamesTheTenantItsSessionsGet() {
        assertThat(Tenants.ofConfigured("arn:aws:iam::123456789012:role/safety/ClinicalSafety"))
                .isEqualTo(Tenants.ofPrincipalArn("arn:aws:sts::123456789012:assumed-role/ClinicalSafety/alice"));
    }

    @Test
    void configuredTenantIdsAreTakenAsTheyAre() {
        String apiKeyTenant = Tenants.ofApiKey("some-key-value-0123456789");
        assertThat(Tenants.parseList(" " + apiKeyTenant + ", ,arn:aws:iam::123456789012:user/auditor"))
                .containsExactlyInAnyOrder(apiKeyTenant, "iam:arn:aws:iam::123456789012:user/auditor");
        assertThat(Tenants.parseList("")).isEmpty();
    }
}
