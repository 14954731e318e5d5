package io.medsum.common.notify;

/**
 * The outbox marker a terminal write leaves on the record, in the same conditional write: the notification of this
 * transition has not been published yet. Cleared only after the publish, so a worker that dies in between leaves it for
 * a redelivered message or the reconciler.
 *
 * @param id the notification's id, fixed for every retry of its publish
 * @param at epoch seconds of the transition: the notification's timestamp
 */
public record PendingNotification(String id, long at) {}
