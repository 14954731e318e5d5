package io.medsum.notifier.testing;

import io.medsum.notifier.webhook.DestinationPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * DNS for tests: names answer what the test says, IP literals are parsed (as {@link InetAddress#getAllByName} would,
 * without a lookup), and any other name does not resolve. Nothing leaves the process.
 */
public final class FakeResolver implements DestinationPolicy.Resolver {
    private static final Pattern IPV4_LITERAL = Pattern.compile("^[0-9.]+$");

    private final Map<String, InetAddress[]> names = new ConcurrentHashMap<>();

    /** {@code name} resolves to these addresses (IP literals), replacing what it resolved to before. */
    public FakeResolver answer(String name, String... addresses) {
        names.put(name, Arrays.stream(addresses).map(FakeResolver::literal).toArray(InetAddress[]::new));
        return this;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] answer = names.get(host);
        if (answer != null) {
            return answer.clone();
        }
        if (host.indexOf(':') >= 0 || IPV4_LITERAL.matcher(host).matches()) {
            return InetAddress.getAllByName(host);
        }
        throw new UnknownHostException("not in the test's DNS");
    }

    private static InetAddress literal(String address) {
        if (address.indexOf(':') < 0 && !IPV4_LITERAL.matcher(address).matches()) {
            throw new IllegalArgumentException("Not an IP literal: " + address);
        }
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }
}
