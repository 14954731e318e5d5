package io.medsum.local.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medsum.common.json.Json;
import io.medsum.local.infra.PrivateFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CloudWatch Logs, as much as the audit trail uses: log groups and streams, PutLogEvents, and FilterLogEvents (time
 * range, plain-term filter patterns, paging) for {@code ./medsum audit}. On disk, each group's events are appended to
 * {@code <dir>/<group>.jsonl}, 0600: they hold patient ids.
 */
public final class LogGroups {
    private static final int DEFAULT_LIMIT = 10_000;

    private record Event(String stream, long timestamp, long ingestionTime, String message, String id) {}

    private final Path directory;
    private final Map<String, Map<String, Boolean>> streams = new LinkedHashMap<>();
    private final Map<String, List<Event>> events = new LinkedHashMap<>();

    LogGroups(Path directory) {
        this.directory = directory;
        if (directory != null) {
            load();
        }
    }

    /** Creates the group if missing, as the template's AWS::Logs::LogGroup does. */
    public synchronized void ensureGroup(String name) {
        streams.computeIfAbsent(name, n -> new LinkedHashMap<>());
        events.computeIfAbsent(name, n -> new ArrayList<>());
    }

    /** Every message of a group, oldest first (tests). */
    public synchronized List<String> messages(String group) {
        return events.getOrDefault(group, List.of()).stream()
                .map(Event::message)
                .toList();
    }

    /**
     * Appends one event as a rule target does (EventBridge writes each matched event to the target log group), creating
     * the stream if needed. False when the group does not exist: the delivery failed, as it would in AWS.
     */
    synchronized boolean deliver(String group, String stream, long timestamp, String message) {
        Map<String, Boolean> groupStreams = streams.get(group);
        if (groupStreams == null) {
            return false;
        }
        groupStreams.put(stream, Boolean.TRUE);
        List<Event> all = events.get(group);
        Event event = new Event(stream, timestamp, System.currentTimeMillis(), message, Long.toString(all.size()));
        all.add(event);
        persist(group, List.of(event));
        return true;
    }

    synchronized JsonNode handle(String operation, JsonNode request) {
        return switch (operation) {
            case "CreateLogGroup" -> createGroup(request);
            case "CreateLogStream" -> createStream(request);
            case "PutLogEvents" -> put(request);
            case "FilterLogEvents" -> filter(request);
            default ->
                throw new AwsJsonServer.ServiceException(
                        "UnknownOperationException", "CloudWatch Logs operation not served locally: " + operation);
        };
    }

    private JsonNode createGroup(JsonNode request) {
        String name = request.path("logGroupName").asText();
        if (streams.containsKey(name)) {
            throw new AwsJsonServer.ServiceException("ResourceAlreadyExistsException", "The log group already exists");
        }
        ensureGroup(name);
        return Json.object();
    }

    private JsonNode createStream(JsonNode request) {
        Map<String, Boolean> groupStreams = group(request.path("logGroupName").asText());
        String stream = request.path("logStreamName").asText();
        if (groupStreams.put(stream, Boolean.TRUE) != null) {
            throw new AwsJsonServer.ServiceException(
                    "ResourceAlreadyExistsException", "The specified log stream already exists");
        }
        return Json.object();
    }

    private JsonNode put(JsonNode request) {
        String group = request.path("logGroupName").asText();
        String stream = request.path("logStreamName").asText();
        if (!group(group).containsKey(stream)) {
            throw new AwsJsonServer.ServiceException(
                    "ResourceNotFoundException", "The specified log stream does not exist.");
        }
        long now = System.currentTimeMillis();
        List<Event> added = new ArrayList<>();
        for (JsonNode event : request.path("logEvents")) {
            List<Event> all = events.get(group);
            added.add(new Event(
                    stream,
                    event.path("timestamp").asLong(),
                    now,
                    event.path("message").asText(),
                    Long.toString(all.size() + added.size())));
        }
        events.get(group).addAll(added);
        persist(group, added);
        ObjectNode response = Json.object();
        response.putNull("nextSequenceToken");
        return response;
    }

    private JsonNode filter(JsonNode request) {
        String group = request.path("logGroupName").asText();
        group(group);
        long start = request.path("startTime").asLong(Long.MIN_VALUE);
        long end = request.path("endTime").asLong(Long.MAX_VALUE);
        int limit = request.path("limit").asInt(DEFAULT_LIMIT);
        int from = request.hasNonNull("nextToken")
                ? Integer.parseInt(request.get("nextToken").asText())
                : 0;
        List<String> terms = terms(request.path("filterPattern").asText(""));
        List<Event> all = events.get(group);
        ArrayNode matched = Json.MAPPER.createArrayNode();
        int i = from;
        for (; i < all.size() && matched.size() < limit; i++) {
            Event event = all.get(i);
            if (event.timestamp() >= start && event.timestamp() <= end && matchesAll(event.message(), terms)) {
                ObjectNode node = matched.addObject();
                node.put("logStreamName", event.stream());
                node.put("timestamp", event.timestamp());
                node.put("ingestionTime", event.ingestionTime());
                node.put("message", event.message());
                node.put("eventId", event.id());
            }
        }
        ObjectNode response = Json.object();
        response.set("events", matched);
        if (i < all.size()) {
            response.put("nextToken", Integer.toString(i));
        }
        return response;
    }

    /** Plain terms of a filter pattern: every term must occur (CloudWatch's unstructured-log matching). */
    private static List<String> terms(String pattern) {
        List<String> terms = new ArrayList<>();
        for (String term : pattern.trim().split("\\s+")) {
            String bare = term.replace("\"", "");
            if (!bare.isEmpty()) {
                terms.add(bare.toLowerCase(Locale.ROOT));
            }
        }
        return terms;
    }

    private static boolean matchesAll(String message, List<String> terms) {
        String lower = message.toLowerCase(Locale.ROOT);
        return terms.stream().allMatch(lower::contains);
    }

    private Map<String, Boolean> group(String name) {
        Map<String, Boolean> group = streams.get(name);
        if (group == null) {
            throw new AwsJsonServer.ServiceException(
                    "ResourceNotFoundException", "The specified log group does not exist.");
        }
        return group;
    }

    private void persist(String group, List<Event> added) {
        if (directory == null || added.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder();
        for (Event event : added) {
            ObjectNode node = Json.object();
            node.put("stream", event.stream());
            node.put("timestamp", event.timestamp());
            node.put("ingestionTime", event.ingestionTime());
            node.put("message", event.message());
            lines.append(Json.write(node)).append('\n');
        }
        try {
            PrivateFiles.folder(directory);
            try (BufferedWriter out = PrivateFiles.append(file(group))) {
                out.write(lines.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not keep the log events on disk", e);
        }
    }

    private Path file(String group) {
        return directory.resolve(group.replaceAll("[^A-Za-z0-9._-]", "_") + ".jsonl");
    }

    private void load() {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (var files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
                // The file name is the group name with '/' made safe; the events carry their own stream.
                String group = String.valueOf(file.getFileName()).replaceFirst("\\.jsonl$", "");
                ensureGroup(group);
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode node = Json.parse(line);
                    streams.get(group).put(node.path("stream").asText(), Boolean.TRUE);
                    List<Event> all = events.get(group);
                    all.add(new Event(
                            node.path("stream").asText(),
                            node.path("timestamp").asLong(),
                            node.path("ingestionTime").asLong(),
                            node.path("message").asText(),
                            Long.toString(all.size())));
                }
            }
        } catch (IOException | Json.InvalidJsonException e) {
            throw new IllegalStateException("Could not read the local log events in " + directory, e);
        }
    }
}
