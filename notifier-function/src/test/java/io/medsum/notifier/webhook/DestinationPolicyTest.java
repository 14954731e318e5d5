package io.medsum.notifier.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medsum.notifier.webhook.DestinationPolicy.RefusedDestination;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where webhooks may point, at registration ({@code refusal}) and at delivery ({@code resolve}). */
class DestinationPolicyTest {

    /** Parses a literal without DNS, keeping IPv6 forms (::ffff:a.b.c.d) as IPv6. */
    private static InetAddress literal(String text) {
        try {
            InetAddress parsed = InetAddress.getByName(text); // a literal: no lookup
            if (text.contains(":")) {
                byte[] bytes = parsed.getAddress();
                if (bytes.length == 4) { // Java turns ::ffff:a.b.c.d into IPv4; rebuild the IPv6 form
                    byte[] mapped = new byte[16];
                    mapped[10] = (byte) 0xff;
                    mapped[11] = (byte) 0xff;
                    System.arraycopy(bytes, 0, mapped, 12, 4);
                    bytes = mapped;
                }
                return Inet6Address.getByAddress(null, bytes, -1);
            }
            return parsed;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0.0.0.0",
                "0.1.2.3", // this network
                "10.0.0.1",
                "10.255.255.255", // RFC 1918
                "172.16.0.1",
                "172.31.255.255",
                "192.168.1.1",
                "127.0.0.1",
                "127.10.0.1", // loopback
                "169.254.169.254",
                "169.254.0.1", // link-local, cloud metadata
                "100.64.0.1",
                "100.127.255.255", // carrier-grade NAT
                "192.0.0.8",
                "192.0.2.1",
                "198.51.100.7",
                "203.0.113.9", // protocol assignments, documentation
                "198.18.0.1",
                "198.19.255.255", // benchmarking
                "192.88.99.1", // 6to4 relay anycast
                "224.0.0.1",
                "239.255.255.250",
                "240.0.0.1",
                "255.255.255.255", // multicast, reserved, broadcast
                "::",
                "::1",
                "::127.0.0.1", // unspecified, loopback, IPv4-compatible
                "::ffff:127.0.0.1",
                "::ffff:169.254.169.254",
                "::ffff:10.0.0.1", // IPv4-mapped
                "64:ff9b::a9fe:a9fe",
                "64:ff9b::7f00:1", // NAT64 of metadata and loopback
                "2002:7f00:1::1",
                "2002:a9fe:a9fe::1", // 6to4 of loopback and metadata
                "fe80::1",
                "fec0::1", // link-local, old site-local
                "fc00::1",
                "fd00:ec2::254", // unique local, AWS metadata over IPv6
                "2001:db8::1", // documentation
                "2001::1", // Teredo
                "2001:2::1",
                "2001:10::1",
                "2001:1ff::1", // the rest of 2001::/23: benchmarking, ORCHID
                "3fff::1",
                "3fff:fff::1", // documentation (RFC 9637)
                "ff02::1", // multicast
                "4000::1",
                "100::1" // outside global unicast 2000::/3
            })
    void nonPublicAddressesAreNotPublic(String address) {
        assertThat(DestinationPolicy.isPublic(literal(address))).as(address).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "93.184.216.34",
                "8.8.8.8",
                "1.1.1.1",
                "172.15.255.255",
                "172.32.0.1",
                "100.63.255.255",
                "100.128.0.1",
                "169.253.255.255",
                "11.0.0.1",
                "223.255.255.254",
                "2606:4700:4700::1111",
                "2a00:1450:4001:81c::200e",
                "::ffff:93.184.216.34",
                "2002:5db8:d822::1"
            })
    void publicAddressesArePublic(String address) {
        assertThat(DestinationPolicy.isPublic(literal(address))).as(address).isTrue();
    }

    private static DestinationPolicy policy(Map<String, String> dns, boolean allowLoopback, List<String> allowed) {
        return new DestinationPolicy(allowed, allowLoopback, host -> {
            String answer = dns.get(host);
            if (answer == null) {
                throw new UnknownHostException(host);
            }
            String[] parts = answer.split(",");
            InetAddress[] addresses = new InetAddress[parts.length];
            for (int i = 0; i < parts.length; i++) {
                addresses[i] = literal(parts[i]);
            }
            return addresses;
        });
    }

    private static final Map<String, String> DNS = Map.of(
            "hooks.example.org", "93.184.216.34",
            "api.partner.example.net", "2606:4700:4700::1111",
            "internal.example.org", "10.0.0.5",
            "mixed.example.org", "93.184.216.34,192.168.0.10",
            "metadata.example.org", "169.254.169.254");

    @Test
    void aPublicHttpsHostMayBeRegistered() {
        DestinationPolicy policy = policy(DNS, false, List.of());

        assertThat(policy.refusal("https://hooks.example.org/medsum?token=abc")).isEmpty();
        assertThat(policy.refusal("https://api.partner.example.net:8443/hooks")).isEmpty();
    }

    @Test
    void urlsOfTheWrongShapeAreRefused() {
        DestinationPolicy policy = policy(DNS, false, List.of());

        assertThat(policy.refusal("http://hooks.example.org/medsum")).hasValue("url must be https");
        assertThat(policy.refusal("https://user:pass@hooks.example.org/")).hasValue("url must not carry user info");
        assertThat(policy.refusal("https://hooks.example.org/#frag")).hasValue("url must not have a fragment");
        assertThat(policy.refusal("ftp://hooks.example.org/")).hasValue("url must be https");
        assertThat(policy.refusal("/relative")).isPresent();
        assertThat(policy.refusal("not a url")).isPresent();
        assertThat(policy.refusal("https://hooks.example.org/" + "a".repeat(DestinationPolicy.MAX_URL_LENGTH)))
                .isPresent();
        assertThat(policy.refusal(null)).isPresent();
    }

    @Test
    void hostsResolvingToAnyNonPublicAddressAreRefused() {
        DestinationPolicy policy = policy(DNS, false, List.of());

        assertThat(policy.refusal("https://internal.example.org/"))
                .hasValueSatisfying(r -> assertThat(r).contains("private"));
        assertThat(policy.refusal("https://mixed.example.org/")).isPresent();
        assertThat(policy.refusal("https://metadata.example.org/")).isPresent();
        assertThat(policy.refusal("https://unknown.example.org/")).hasValue("the host does not resolve");
        assertThat(policy.refusal("https://169.254.169.254/latest/meta-data/")).isPresent();
        assertThat(policy.refusal("https://[::1]/")).isPresent();
        assertThat(policy.refusal("https://[fd00:ec2::254]/")).isPresent();
    }

    @Test
    void loopbackIsRefusedDeployedAndOnlyHttp127001IsAllowedLocally() {
        DestinationPolicy deployed = policy(Map.of("localhost", "127.0.0.1"), false, List.of());
        DestinationPolicy local = policy(Map.of("localhost", "127.0.0.1"), true, List.of());

        assertThat(deployed.refusal("http://127.0.0.1:8080/hook")).isPresent();
        assertThat(deployed.refusal("https://127.0.0.1:8443/hook")).isPresent();
        assertThat(local.refusal("http://127.0.0.1:8080/hook")).isEmpty();
        assertThat(local.refusal("http://localhost:8080/hook")).isPresent();
        assertThat(local.refusal("http://127.0.0.2:8080/hook")).isPresent();
        assertThat(local.refusal("http://hooks.example.org/hook"))
                .hasValue("url must be https (or http://127.0.0.1 locally)");
    }

    @Test
    void theAllowListAdmitsExactHostsAndSubdomainsOfWildcards() {
        DestinationPolicy policy = policy(
                Map.of(
                        "hooks.example.org", "93.184.216.34",
                        "a.partner.example.net", "93.184.216.35",
                        "partner.example.net", "93.184.216.36",
                        "evil.example.com", "93.184.216.37"),
                false,
                DestinationPolicy.patterns(" hooks.example.org , *.partner.example.net,"));

        assertThat(policy.refusal("https://hooks.example.org/x")).isEmpty();
        assertThat(policy.refusal("https://HOOKS.example.org./x")).isEmpty();
        assertThat(policy.refusal("https://a.partner.example.net/x")).isEmpty();
        assertThat(policy.refusal("https://partner.example.net/x"))
                .hasValue("the host is not on this deployment's webhook allow-list");
        assertThat(policy.refusal("https://evil.example.com/x")).isPresent();
    }

    @Test
    void resolveReturnsTheCheckedAddressesAndRefusesAtDeliveryWhatChangedSinceRegistration() throws Exception {
        DestinationPolicy policy = policy(DNS, false, List.of());

        assertThat(policy.resolve(URI.create("https://hooks.example.org/medsum")))
                .containsExactly(literal("93.184.216.34"));
        assertThatThrownBy(() -> policy.resolve(URI.create("https://internal.example.org/")))
                .isInstanceOf(RefusedDestination.class)
                .hasMessageNotContaining("internal.example.org");
        assertThatThrownBy(() -> policy.resolve(URI.create("http://hooks.example.org/")))
                .isInstanceOf(RefusedDestination.class);
    }
}
