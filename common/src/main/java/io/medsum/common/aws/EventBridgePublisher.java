package io.medsum.common.aws;

import io.medsum.common.config.EnvNames;
import io.medsum.common.config.Settings;
import io.medsum.common.notify.Notification;
import io.medsum.common.notify.NotificationDocument;
import io.medsum.common.ports.NotificationPublisher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * {@link NotificationPublisher} on EventBridge {@code PutEvents}: source {@code medsum}, the notification type as
 * detail-type, the notification as detail, to the stack's own bus. PutEvents takes up to 10 entries per call and can
 * fail some of them (an entry with an error code): only the ids of entries without one count as published.
 */
public final class EventBridgePublisher implements NotificationPublisher {
    /** PutEvents' limit on entries per request. */
    static final int MAX_ENTRIES = 10;

    private final EventBridgeClient events;
    private final String busName;

    public EventBridgePublisher(EventBridgeClient events, String busName) {
        this.events = events;
        this.busName = busName;
    }

    /** The stack's bus, named by EVENT_BUS_NAME. */
    public static EventBridgePublisher fromSettings(AwsClientFactory clients, Settings settings) {
        EventBridgeClient events = clients.build(EventBridgeClient.builder(), "EVENTBRIDGE", Duration.ofSeconds(5));
        return new EventBridgePublisher(events, settings.required(EnvNames.EVENT_BUS_NAME));
    }

    @Override
    public Set<String> publish(List<Notification> notifications, String apiUrl) {
        Set<String> published = new HashSet<>();
        for (int from = 0; from < notifications.size(); from += MAX_ENTRIES) {
            List<Notification> chunk = notifications.subList(from, Math.min(notifications.size(), from + MAX_ENTRIES));
            List<PutEventsRequestEntry> entries = new ArrayList<>(chunk.size());
            for (Notification n : chunk) {
                entries.add(PutEventsRequestEntry.builder()
                        .eventBusName(busName)
                        .source(NotificationDocument.SOURCE)
                        .detailType(n.type().wireName())
                        .time(n.timestamp())
                        .detail(NotificationDocument.detail(n, apiUrl))
                        .build());
            }
            PutEventsResponse response = events.putEvents(b -> b.entries(entries));
            List<PutEventsResultEntry> results = response.entries();
            // Results come in request order, one per entry.
            for (int i = 0; i < chunk.size() && i < results.size(); i++) {
                if (results.get(i).errorCode() == null && results.get(i).eventId() != null) {
                    published.add(chunk.get(i).id());
                }
            }
        }
        return published;
    }
}
