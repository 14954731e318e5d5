package io.medsum.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.status.ModelLifecycle.Status;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The health check's model reading: cached, so probes never become a stream of control-plane calls. */
class ModelHealthTest {
    private static final String MODEL = "us.amazon.nova-2-lite-v1:0";
    private Instant now = Instant.parse("2026-12-02T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final Deque<ModelLifecycle> answers = new ArrayDeque<>();
    private int reads;
    private final ModelHealth health = new ModelHealth(
            MODEL,
            id -> {
                reads++;
                return answers.isEmpty() ? new ModelLifecycle(id, Status.ACTIVE, Optional.empty()) : answers.pop();
            },
            clock);

    @Test
    void aReadingIsReusedForFiveMinutes() {
        health.current();
        now = now.plus(ModelHealth.READ_TTL).minusSeconds(1);
        health.current();
        assertThat(reads).isEqualTo(1);

        now = now.plusSeconds(1);
        health.current();
        assertThat(reads).isEqualTo(2);
    }

    @Test
    void aFailedReadingIsRetriedSooner() {
        answers.push(ModelLifecycle.unverified(MODEL));
        assertThat(health.current().status()).isEqualTo(Status.UNVERIFIED);

        now = now.plus(ModelHealth.UNVERIFIED_TTL);
        assertThat(health.current().status()).isEqualTo(Status.ACTIVE);
        assertThat(reads).isEqualTo(2);
    }

    @Test
    void forgettingDropsTheCachedReading() {
        health.current();
        health.forget();
        health.current();
        assertThat(reads).isEqualTo(2);
    }

    @Test
    void aProfileIsAsBadAsItsWorstModelAndEndsWithItsEarliestEndOfLife() {
        Instant early = Instant.parse("2027-03-01T00:00:00Z");
        Instant late = Instant.parse("2027-06-01T00:00:00Z");
        ModelLifecycle active = new ModelLifecycle(MODEL, Status.ACTIVE, Optional.empty());
        ModelLifecycle legacyLate = new ModelLifecycle(MODEL, Status.LEGACY, Optional.of(late));
        ModelLifecycle legacyEarly = new ModelLifecycle(MODEL, Status.LEGACY, Optional.of(early));

        assertThat(active.worst(legacyLate)).isEqualTo(legacyLate);
        assertThat(legacyLate.worst(legacyEarly).endOfLife()).contains(early);
        assertThat(legacyEarly.worst(ModelLifecycle.notFound(MODEL)).status()).isEqualTo(Status.NOT_FOUND);
        assertThat(active.worst(ModelLifecycle.unverified(MODEL)).status()).isEqualTo(Status.UNVERIFIED);
        assertThat(legacyLate.worst(ModelLifecycle.unverified(MODEL)).status()).isEqualTo(Status.LEGACY);
    }

    @Test
    void onlyAModelBedrockDoesNotKnowBreaksSummaries() {
        assertThat(Status.NOT_FOUND.breaksSummaries()).isTrue();
        assertThat(Status.LEGACY.breaksSummaries()).isFalse();
        assertThat(Status.UNVERIFIED.breaksSummaries()).isFalse();
        assertThat(Status.LEGACY.needsAttention()).isTrue();
        assertThat(Status.UNVERIFIED.needsAttention()).isFalse();
    }
}
