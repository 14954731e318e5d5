package io.medsum.common.testing;

import io.medsum.common.notify.Notification;
import io.medsum.common.ports.NotificationPublisher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@link NotificationPublisher} that keeps what it was given, and can be taken down (every publish then throws, as an
 * unreachable bus does) or made to refuse single ids (PutEvents' failed entries).
 */
public final class RecordingPublisher implements NotificationPublisher {
    private final List<Notification> published = new ArrayList<>();
    private final Set<String> refused = new LinkedHashSet<>();
    private boolean down;

    @Override
    public synchronized Set<String> publish(List<Notification> notifications, String apiUrl) {
        if (down) {
            throw new IllegalStateException("the event bus is unreachable (test outage)");
        }
        Set<String> accepted = new LinkedHashSet<>();
        for (Notification n : notifications) {
            if (!refused.contains(n.id())) {
                published.add(n);
                accepted.add(n.id());
            }
        }
        return accepted;
    }

    public synchronized List<Notification> published() {
        return List.copyOf(published);
    }

    public synchronized void down(boolean isDown) {
        this.down = isDown;
    }

    public synchronized void refuse(String notificationId) {
        refused.add(notificationId);
    }
}
