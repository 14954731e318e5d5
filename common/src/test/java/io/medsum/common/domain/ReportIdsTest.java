package io.medsum.common.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.f4b6a3.ulid.Ulid;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReportIdsTest {

    @Test
    void idsDrawnTogetherShareNoSequence() {
        List<String> ids = ReportIds.nextInOrder(1_000);
        Set<BigInteger> steps = new HashSet<>();
        for (int i = 1; i < ids.size(); i++) {
            steps.add(
                    randomPart(ids.get(i)).subtract(randomPart(ids.get(i - 1))).abs());
        }
        // A monotonic ULID steps by exactly 1 within a millisecond; random remainders almost never repeat a step.
        assertThat(steps).doesNotContain(BigInteger.ONE).hasSizeGreaterThan(990);
    }

    @Test
    void aBatchsIdsAscendInTheOrderTheyAreHandedOut() {
        List<String> ids = ReportIds.nextInOrder(500);
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(null);
        assertThat(ids).isEqualTo(sorted).doesNotHaveDuplicates().allMatch(ReportIds::isValid);
    }

    @Test
    void laterIdsSortAfterEarlierOnes() throws InterruptedException {
        String first = ReportIds.next();
        Thread.sleep(2);
        assertThat(ReportIds.next()).isGreaterThan(first);
    }

    private static BigInteger randomPart(String reportId) {
        byte[] random = Ulid.from(reportId.substring(ReportIds.PREFIX.length())).getRandom();
        return new BigInteger(1, random);
    }
}
