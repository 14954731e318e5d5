package io.medsum.worker;

import io.medsum.common.domain.Review;
import java.util.List;

/**
 * The gate between a model's answer and a clinician: the facts of a summary that could not be verified against its
 * report. Empty means every checkable fact was found; anything else keeps the report for review.
 */
@FunctionalInterface
interface SummaryVerifier {
    List<Review.Finding> unverified(String report, String summary);
}
