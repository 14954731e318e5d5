package io.medsum.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The HTTP client resolves a host only to what the destination policy answered for it, on this thread, just now. */
class PinnedDnsResolverTest {
    private final PinnedDnsResolver resolver = new PinnedDnsResolver();
    private final InetAddress[] checked = {address(93, 184, 216, 34), address(93, 184, 216, 35)};

    private static InetAddress address(int... octets) {
        try {
            return InetAddress.getByAddress(
                    "hooks.example.test",
                    new byte[] {(byte) octets[0], (byte) octets[1], (byte) octets[2], (byte) octets[3]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void withNothingPinnedEveryLookupFails() {
        assertThatThrownBy(() -> resolver.resolve("hooks.example.test")).isInstanceOf(UnknownHostException.class);
        assertThatThrownBy(() -> resolver.resolve("127.0.0.1", 443)).isInstanceOf(UnknownHostException.class);
    }

    @Test
    void thePinnedHostResolvesToThePinnedAddressesOnly() throws Exception {
        List<InetSocketAddress> endpoints = resolver.pinned("Hooks.Example.Test.", checked, () -> {
            assertThatThrownBy(() -> resolver.resolve("other.example.test")).isInstanceOf(UnknownHostException.class);
            assertThat(resolver.resolve("hooks.example.test")).containsExactly(checked);
            return resolver.resolve("hooks.example.test", 8443);
        });

        assertThat(endpoints)
                .extracting(InetSocketAddress::getAddress, InetSocketAddress::getPort)
                .containsExactly(tuple(checked[0], 8443), tuple(checked[1], 8443));
        assertThat(endpoints).noneMatch(InetSocketAddress::isUnresolved);
        assertThat(resolver.resolveCanonicalHostname("hooks.example.test")).isEqualTo("hooks.example.test");
    }

    @Test
    void aPinHoldsOnItsOwnThreadAndOnlyWhileItsRequestRuns() throws Exception {
        resolver.pinned("hooks.example.test", checked, () -> {
            CompletableFuture<Object> elsewhere = CompletableFuture.supplyAsync(() -> {
                try {
                    return resolver.resolve("hooks.example.test");
                } catch (UnknownHostException e) {
                    return e;
                }
            });
            assertThat(elsewhere.join()).isInstanceOf(UnknownHostException.class);
            return null;
        });

        assertThatThrownBy(() -> resolver.resolve("hooks.example.test")).isInstanceOf(UnknownHostException.class);
    }
}
