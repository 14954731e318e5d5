package io.medsum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.local.LocalPipeline;
import io.medsum.local.LocalStack;
import io.medsum.local.gateway.ClientKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance, as a user would run it: two keys from {@code ./medsum keys create} on one local stack, each
 * through the real gateway, cannot see each other's reports through any command; a cross-tenant reader can, and the
 * audit trail shows every access of the run and nothing of the text.
 */
class TenantKeysTest {
    private static final Pattern REPORT_ID = Pattern.compile("(REPORT-[0-9A-Z]{26})");
    private static final String TEXT = "ASSESSMENT: Migraine without aura. PLAN: Sumatriptan 50 mg as needed.";

    @TempDir
    Path dir;

    @Test
    void twoKeysSeeOnlyTheirOwnReportsAndTheTrailShowsEveryAccess() throws Exception {
        String dataDir = dir.resolve(".medsum").toString();
        CliRun.of("keys", "create", "clinic-a", "--data-dir", dataDir);
        CliRun.of("keys", "create", "clinic-b", "--data-dir", dataDir);
        CliRun.of("keys", "create", "safety-team", "--cross-tenant-reader", "--data-dir", dataDir);
        var config = new LocalStack.Config(dir.resolve(".medsum"), 0, true, LocalPipeline.Options.inMemory());
        try (LocalStack stack = LocalStack.start(config)) {
            Path note = Files.writeString(dir.resolve("note.txt"), TEXT);
            CliRun submitted = CliRun.of(
                    "submit",
                    "--patient",
                    "SHARED-7",
                    "--wait",
                    note.toString(),
                    "--key",
                    "clinic-a",
                    "--data-dir",
                    dataDir);
            Matcher id = REPORT_ID.matcher(submitted.out());
            assertThat(id.find()).as(submitted.out()).isTrue();
            String reportId = id.group(1);

            CliRun ownRead = CliRun.of("status", "SHARED-7", reportId, "--key", "clinic-a", "--data-dir", dataDir);
            CliRun otherRead = CliRun.of("status", "SHARED-7", reportId, "--key", "clinic-b", "--data-dir", dataDir);
            CliRun otherList = CliRun.of("list", "SHARED-7", "--key", "clinic-b", "--data-dir", dataDir);
            CliRun otherReview =
                    CliRun.of("review", "SHARED-7", reportId, "--approve", "--key", "clinic-b", "--data-dir", dataDir);
            CliRun readerRead =
                    CliRun.of("status", "SHARED-7", reportId, "--key", "safety-team", "--data-dir", dataDir);

            assertThat(ownRead.exitCode()).as(ownRead.out()).isZero();
            assertThat(ownRead.out()).contains(reportId);
            assertThat(otherRead.exitCode()).as(otherRead.out()).isNotZero();
            assertThat(otherRead.out()).doesNotContain("Migraine").doesNotContain("Sumatriptan");
            assertThat(otherList.out()).doesNotContain(reportId);
            assertThat(otherReview.exitCode()).as(otherReview.out()).isNotZero();
            assertThat(readerRead.exitCode()).as(readerRead.out()).isZero();

            var keys = ClientKeys.in(dir.resolve(".medsum"));
            String tenantA = keys.named("clinic-a").orElseThrow().tenantId();
            String tenantB = keys.named("clinic-b").orElseThrow().tenantId();
            CliRun audit = CliRun.of("audit", "--patient", "SHARED-7", "--data-dir", dataDir);
            assertThat(audit.out())
                    .containsPattern("report\\.submit\\s+ok\\s+" + tenantA)
                    .containsPattern("report\\.read\\s+not-found\\s+" + tenantB)
                    .containsPattern("reports\\.list\\s+ok\\s+" + tenantB)
                    .containsPattern("report\\.review\\s+not-found\\s+" + tenantB)
                    .contains("[cross-tenant]")
                    .doesNotContain("Migraine");
        }
    }
}
