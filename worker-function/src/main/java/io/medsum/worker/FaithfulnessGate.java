package io.medsum.worker;

import io.medsum.common.domain.Review;
import io.medsum.worker.faithfulness.FaithfulnessCheck;
import java.util.List;

/** {@link SummaryVerifier} with the deterministic {@link FaithfulnessCheck}: pure Java, no model call. */
final class FaithfulnessGate implements SummaryVerifier {
    private final FaithfulnessCheck check = new FaithfulnessCheck();

    @Override
    public List<Review.Finding> unverified(String report, String summary) {
        return check.check(report, summary).stream()
                .map(finding -> new Review.Finding(finding.kind().json(), finding.text()))
                .toList();
    }
}
