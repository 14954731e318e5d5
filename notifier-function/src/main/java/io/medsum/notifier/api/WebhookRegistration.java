package io.medsum.notifier.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.common.notify.NotificationType;
import io.medsum.common.validation.FieldError;
import io.medsum.notifier.webhook.DestinationPolicy;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The body of POST /webhooks: {@code {"url": string, "events"?: [type, ...] | null}}. Every field error is collected
 * and none echoes a value. The URL must pass the {@link DestinationPolicy}; the types are the notifications' wire
 * names, each at most once (a repeated type is refused, not collapsed, as the schema's {@code uniqueItems} says);
 * absent, null or empty {@code events} means every type.
 *
 * @param events the types the webhook receives; empty for every type
 */
public record WebhookRegistration(URI url, Set<NotificationType> events) {
    private static final Set<String> FIELDS = Set.of("url", "events");
    private static final Pattern FIELD_NAME = Pattern.compile("^[A-Za-z0-9_]{1,64}$");
    static final String TYPES = Arrays.stream(NotificationType.values())
            .map(NotificationType::wireName)
            .collect(Collectors.joining(", "));

    public WebhookRegistration {
        events = Set.copyOf(events);
    }

    /** A registration, or the reasons it is not one. */
    public record Parsed(WebhookRegistration registration, List<FieldError> errors) {
        public Parsed {
            errors = List.copyOf(errors);
        }
    }

    public static Parsed parse(JsonNode body, DestinationPolicy policy) {
        if (body == null || !body.isObject()) {
            return new Parsed(null, List.of(new FieldError("(body)", "must be a JSON object")));
        }
        List<FieldError> errors = new ArrayList<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(
                        FIELD_NAME.matcher(name).matches() ? name : "(unknown field)", "is not a known field"));
            }
        });
        Set<NotificationType> events = events(body.get("events"), errors);
        URI url = url(body.get("url"), policy, errors);
        return errors.isEmpty()
                ? new Parsed(new WebhookRegistration(url, events), List.of())
                : new Parsed(null, errors);
    }

    private static URI url(JsonNode node, DestinationPolicy policy, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            errors.add(new FieldError("url", "is required"));
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError("url", "must be a string"));
            return null;
        }
        Optional<String> refusal = policy.refusal(node.textValue());
        if (refusal.isPresent()) {
            errors.add(new FieldError("url", refusal.get()));
            return null;
        }
        return URI.create(node.textValue());
    }

    private static Set<NotificationType> events(JsonNode node, List<FieldError> errors) {
        Set<NotificationType> events = EnumSet.noneOf(NotificationType.class);
        if (node == null || node.isNull()) {
            return events;
        }
        int types = NotificationType.values().length;
        if (!node.isArray()) {
            errors.add(new FieldError("events", "must be an array of event types (" + TYPES + ")"));
            return events;
        }
        if (node.size() > types) {
            errors.add(new FieldError("events", "must name at most " + types + " types, each once"));
            return events;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            Optional<NotificationType> type =
                    item.isTextual() ? NotificationType.fromWireName(item.textValue()) : Optional.empty();
            if (type.isEmpty()) {
                errors.add(new FieldError("events[" + i + "]", "must be one of " + TYPES));
            } else if (!events.add(type.get())) {
                errors.add(new FieldError("events[" + i + "]", "repeats a type named before"));
            }
        }
        return events;
    }
}
