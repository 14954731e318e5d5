package io.medsum.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.common.aws.DynamoReportStore;
import io.medsum.common.domain.FailureCode;
import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportIds;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportStatus;
import io.medsum.common.domain.ReportSubmission;
import io.medsum.common.ports.ReportStore.Claim;
import io.medsum.common.ports.ReportStore.SummaryResult;
import io.medsum.local.infra.DynaliteProcess;
import io.medsum.local.infra.LocalAwsClients;
import io.medsum.local.infra.LocalResources;
import io.medsum.local.infra.TemplateSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The record's state machine (DESIGN.md), as conditional writes against dynalite. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportStoreTransitionsTest {
    private static final long NOW = 1_800_000_000L;
    private DynaliteProcess dynalite;
    private DynamoDbClient dynamo;
    private DynamoReportStore store;

    @BeforeAll
    void start() {
        dynalite = DynaliteProcess.startInMemory();
        dynamo = LocalAwsClients.dynamoDb(dynalite.endpoint());
        String table = new LocalResources(dynamo, null, TemplateSettings.fromProjectTemplate()).createTable("PatientReports").tableName();
        store = new DynamoReportStore(dynamo, table);
    }

    @AfterAll
    void stop() {
        dynamo.close();
        dynalite.close();
    }

    private ReportKey pending() {
        ReportKey key = new ReportKey("P-" + System.nanoTime(), ReportIds.next());
        store.create(Report.pending(key, new ReportSubmission(key.patientId(), "text", "S", Map.of()), NOW, 3600));
        return key;
    }

    private ReportStatus status(ReportKey key) {
        return store.find(key).orElseThrow().status();
    }

    private static final SummaryResult SUMMARY = new SummaryResult("summary", "model", "m", 10, 5);

    @Test
    void createIsConditionalOnTheKey() {
        ReportKey key = pending();
        assertThat(store.create(Report.pending(key, new ReportSubmission(key.patientId(), "other", "S", Map.of()), NOW, 1))).isFalse();
        assertThat(store.find(key).orElseThrow().originalText()).isEqualTo("text");
    }

    @Test
    void pendingToProcessingToSuccess() {
        ReportKey key = pending();
        assertThat(store.claim(key, "t1", NOW, NOW + 60)).isInstanceOf(Claim.Claimed.class);
        assertThat(status(key)).isEqualTo(ReportStatus.PROCESSING);
        assertThat(store.succeed(key, "t1", SUMMARY, NOW + 1)).isTrue();
        Report done = store.find(key).orElseThrow();
        assertThat(done.status()).isEqualTo(ReportStatus.SUCCESS);
        assertThat(done.summary()).isEqualTo("summary");
        assertThat(done.inputTokens()).isEqualTo(10);
        assertThat(done.attempts()).isEqualTo(1);
    }

    @Test
    void aLiveClaimExcludesOthersAndAnExpiredOneIsTakenOver() {
        ReportKey key = pending();
        store.claim(key, "t1", NOW, NOW + 60);
        assertThat(store.claim(key, "t2", NOW + 30, NOW + 90)).isEqualTo(new Claim.HeldByAnother(NOW + 60));
        assertThat(store.claim(key, "t2", NOW + 61, NOW + 121)).isInstanceOf(Claim.Claimed.class);
        assertThat(store.succeed(key, "t1", SUMMARY, NOW + 62)).as("the dead worker's token is fenced off").isFalse();
        assertThat(store.succeed(key, "t2", SUMMARY, NOW + 62)).isTrue();
        assertThat(store.find(key).orElseThrow().attempts()).isEqualTo(2);
    }

    @Test
    void successIsTerminal() {
        ReportKey key = pending();
        store.claim(key, "t1", NOW, NOW + 60);
        store.succeed(key, "t1", SUMMARY, NOW);
        assertThat(store.claim(key, "t2", NOW + 1000, NOW + 1060)).isInstanceOf(Claim.AlreadyFinished.class);
        assertThat(store.fail(key, "t1", FailureCode.MODEL_VALIDATION, NOW)).isFalse();
        assertThat(status(key)).isEqualTo(ReportStatus.SUCCESS);
    }

    @Test
    void aTransientFailureReturnsTheReportToPending() {
        ReportKey key = pending();
        store.claim(key, "t1", NOW, NOW + 60);
        assertThat(store.release(key, "t1", FailureCode.MODEL_THROTTLED, NOW)).isTrue();
        Report released = store.find(key).orElseThrow();
        assertThat(released.status()).isEqualTo(ReportStatus.PENDING);
        assertThat(released.lastErrorCode()).isEqualTo(FailureCode.MODEL_THROTTLED);
        assertThat(store.claim(key, "t2", NOW, NOW + 60)).isInstanceOf(Claim.Claimed.class);
    }

    @Test
    void onlyRetryableFailuresCanBeRedriven() {
        ReportKey exhausted = pending();
        store.claim(exhausted, "t1", NOW, NOW + 60);
        store.fail(exhausted, "t1", FailureCode.RETRIES_EXHAUSTED, NOW);
        assertThat(store.claim(exhausted, "redrive", NOW + 5, NOW + 65)).isInstanceOf(Claim.Claimed.class);

        ReportKey invalid = pending();
        store.claim(invalid, "t1", NOW, NOW + 60);
        store.fail(invalid, "t1", FailureCode.MODEL_VALIDATION, NOW);
        assertThat(store.claim(invalid, "redrive", NOW + 5, NOW + 65)).isInstanceOf(Claim.AlreadyFinished.class);
    }

    @Test
    void aMissingReportCannotBeClaimed() {
        assertThat(store.claim(new ReportKey("nobody", ReportIds.next()), "t", NOW, NOW + 60)).isInstanceOf(Claim.NotFound.class);
    }

    @Test
    void ofManyConcurrentClaimsExactlyOneWins() throws Exception {
        ReportKey key = pending();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Claim>> claims = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String token = "t" + i;
                claims.add(() -> store.claim(key, token, NOW, NOW + 60));
            }
            long winners = 0;
            for (Future<Claim> f : pool.invokeAll(claims)) {
                if (f.get() instanceof Claim.Claimed) {
                    winners++;
                }
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void compensationDeletesOnlyWhatIsStillPending() {
        ReportKey untouched = pending();
        store.deleteIfPending(untouched);
        assertThat(store.find(untouched)).isEmpty();

        ReportKey taken = pending();
        store.claim(taken, "t1", NOW, NOW + 60);
        store.deleteIfPending(taken);
        assertThat(store.find(taken)).isPresent();
    }

    @Test
    void unconfirmedEnqueuesAreFoundAfterTheirGracePeriodOnly() {
        ReportKey stranded = pending();
        assertThat(store.findAwaitingEnqueue(NOW + 1, 1000)).contains(stranded);
        assertThat(store.findAwaitingEnqueue(NOW, 1000)).doesNotContain(stranded);
        store.markEnqueued(stranded);
        assertThat(store.findAwaitingEnqueue(NOW + 1, 1000)).doesNotContain(stranded);
    }

    @Test
    void onlyReportsNoWorkerCanFinishAreFailedByTheDeadLetterSweep() {
        ReportKey pending = pending();
        assertThat(store.failUnfinished(pending, FailureCode.DELIVERIES_EXHAUSTED, NOW)).isTrue();
        assertThat(store.find(pending).orElseThrow().lastErrorCode()).isEqualTo(FailureCode.DELIVERIES_EXHAUSTED);
        assertThat(store.claim(pending, "redrive", NOW + 1, NOW + 61)).as("redrivable").isInstanceOf(Claim.Claimed.class);

        ReportKey held = pending();
        store.claim(held, "t1", NOW, NOW + 60);
        assertThat(store.failUnfinished(held, FailureCode.DELIVERIES_EXHAUSTED, NOW + 30)).as("lease still live").isFalse();
        assertThat(store.failUnfinished(held, FailureCode.DELIVERIES_EXHAUSTED, NOW + 61)).as("lease expired").isTrue();

        ReportKey done = pending();
        store.claim(done, "t1", NOW, NOW + 60);
        store.succeed(done, "t1", SUMMARY, NOW);
        assertThat(store.failUnfinished(done, FailureCode.DELIVERIES_EXHAUSTED, NOW + 100)).isFalse();
        assertThat(status(done)).isEqualTo(ReportStatus.SUCCESS);
    }
}
