package io.medsum.common.ports;

import io.medsum.common.notify.Notification;
import java.util.List;
import java.util.Set;

/** Where terminal transitions are announced: the stack's EventBridge bus (webhooks are fed from there). */
public interface NotificationPublisher {

    /**
     * Publishes each notification once (up to the service's batch limit per call); returns the ids it accepted. An id
     * missing from the answer was not published and stays pending on its record. {@code apiUrl} is the API's base URL,
     * for each notification's {@code statusUrl}.
     */
    Set<String> publish(List<Notification> notifications, String apiUrl);
}
