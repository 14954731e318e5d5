package io.medsum.notifier.testing;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Which operations of a fake fail, and how: {@code store.failures().fail(SAVE)}. A failing operation throws an
 * {@link SdkClientException}, as the AWS adapter's SDK call would; {@link #failAfterEffect} makes it take effect first
 * (a write whose answer was lost: a timeout after DynamoDB or Secrets Manager stored it).
 */
public final class Failures<O extends Enum<O>> {
    private final Set<O> failing;
    private final Set<O> afterEffect;

    Failures(Class<O> operations) {
        this.failing = Collections.synchronizedSet(EnumSet.noneOf(operations));
        this.afterEffect = Collections.synchronizedSet(EnumSet.noneOf(operations));
    }

    /** These operations fail, doing nothing, from now on. */
    @SafeVarargs
    public final void fail(O... operations) {
        failing.addAll(Set.of(operations));
    }

    /** These operations take effect, then fail, from now on. */
    @SafeVarargs
    public final void failAfterEffect(O... operations) {
        afterEffect.addAll(Set.of(operations));
    }

    /** Everything works again. */
    public void end() {
        failing.clear();
        afterEffect.clear();
    }

    void before(O operation) {
        if (failing.contains(operation)) {
            throw SdkClientException.create(operation + " is down (test)");
        }
    }

    void after(O operation) {
        if (afterEffect.contains(operation)) {
            throw SdkClientException.create(operation + " timed out after taking effect (test)");
        }
    }
}
