package io.medsum.notifier.delivery;

import java.net.InetAddress;
import java.net.URI;
import java.util.Map;

/** Sends one signed webhook request; {@link WebhookSender} outside unit tests. */
@FunctionalInterface
public interface WebhookTransport {
    /**
     * POSTs {@code body} to {@code url}, connecting only to {@code addresses}.
     *
     * @param headers the Standard Webhooks headers; the transport adds content-type and user-agent
     */
    WebhookSender.Response post(URI url, InetAddress[] addresses, Map<String, String> headers, byte[] body);
}
