package io.medsum.worker.faithfulness;

/**
 * One fact of a summary that its report does not support.
 *
 * @param kind what kind of fact it is
 * @param text the exact fragment of the summary that could not be verified (a substring of the summary)
 */
public record Finding(FindingKind kind, String text) {}
