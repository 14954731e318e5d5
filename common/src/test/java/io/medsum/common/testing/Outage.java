package io.medsum.common.testing;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which operations of a fake are down: {@code store.outage().of(CLAIM)}, {@code queue.outage().ofEverything()}. A down
 * operation throws {@link ServiceDown}, as the AWS adapter's SDK call would throw an {@code SdkException}: callers may
 * rely on a {@code RuntimeException} and nothing more.
 */
public final class Outage<O extends Enum<O>> {
    private final Class<O> operations;
    private final Set<O> down;

    Outage(Class<O> operations) {
        this.operations = operations;
        this.down = Collections.synchronizedSet(EnumSet.noneOf(operations));
    }

    /** These operations fail from now on. */
    @SafeVarargs
    public final void of(O... failing) {
        down.addAll(Set.of(failing));
    }

    /** Every operation fails, reachability checks included. */
    public void ofEverything() {
        down.addAll(EnumSet.allOf(operations));
    }

    /** Everything works again. */
    public void end() {
        down.clear();
    }

    public boolean isDown(O operation) {
        return down.contains(operation);
    }

    void check(O operation) {
        if (isDown(operation)) {
            throw new ServiceDown(operations.getSimpleName() + "." + operation + " is down");
        }
    }

    /** What a down operation throws. */
    public static final class ServiceDown extends RuntimeException {
        ServiceDown(String message) {
            super(message, null, false, false);
        }
    }
}
