package io.medsum.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.common.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The medsum HTTP API as the CLI calls it. Throttling (429) and server errors (5xx) are retried with backoff, honouring
 * Retry-After; a 4xx is the answer and is returned as it is.
 */
public final class MedsumApi {
    private static final int MAX_ATTEMPTS = 6;

    private final Target target;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public MedsumApi(Target target) {
        this.target = target;
    }

    /** One answer: status, headers we use, and the JSON body (null when there is none). */
    public record Answer(int status, JsonNode body, long retryAfterSeconds, String location) {
        public boolean ok() {
            return status / 100 == 2;
        }

        /** The problem's detail and field errors, for printing. */
        public String problem() {
            if (body == null) {
                return "HTTP " + status;
            }
            StringBuilder text = new StringBuilder(body.path("title").asText("HTTP " + status));
            if (body.hasNonNull("detail")) {
                text.append(": ").append(body.get("detail").asText());
            }
            body.path("errors")
                    .forEach(e -> text.append("; ")
                            .append(e.path("field").asText())
                            .append(' ')
                            .append(e.path("message").asText()));
            return text.toString();
        }
    }

    public Answer post(String path, Object body, Map<String, String> headers) throws IOException, InterruptedException {
        return send("POST", target.apiUrl() + path, Json.write(body), headers);
    }

    /** A request without a body (e.g. DELETE) to a path under the API URL. */
    public Answer request(String method, String path) throws IOException, InterruptedException {
        return send(method, target.apiUrl() + path, null, Map.of());
    }

    /**
     * A path under the API URL, or an absolute URL the server gave (a {@code statusUrl}), followed only when it has the
     * API URL's origin.
     */
    public Answer get(String pathOrUrl) throws IOException, InterruptedException {
        URI given = URI.create(pathOrUrl);
        String url = given.isAbsolute() || pathOrUrl.startsWith("//")
                ? SameOrigin.require(target.apiUrl(), given.isAbsolute() ? given : URI.create("http:" + pathOrUrl))
                        .toString()
                : target.apiUrl() + pathOrUrl;
        return send("GET", url, null, Map.of());
    }

    private Answer send(String method, String url, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        URI uri = URI.create(url);
        IOException lastError = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(60))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            headers.forEach(request::header);
            target.auth().apply(request, method, uri, body);
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                Answer answer = answer(response);
                if ((answer.status() == 429 || answer.status() >= 500) && attempt < MAX_ATTEMPTS) {
                    Thread.sleep(delayMillis(attempt, answer.retryAfterSeconds()));
                    continue;
                }
                return answer;
            } catch (IOException e) {
                lastError = e;
                Thread.sleep(delayMillis(attempt, 0));
            }
        }
        throw lastError == null ? new IOException("No answer from " + uri.getHost()) : lastError;
    }

    private static Answer answer(HttpResponse<String> response) {
        JsonNode json = null;
        if (response.body() != null && !response.body().isBlank()) {
            try {
                json = Json.parse(response.body());
            } catch (Json.InvalidJsonException e) {
                json = null;
            }
        }
        long retryAfter = response.headers().firstValueAsLong("Retry-After").orElse(0);
        return new Answer(
                response.statusCode(),
                json,
                retryAfter,
                response.headers().firstValue("Location").orElse(null));
    }

    private static long delayMillis(int attempt, long retryAfterSeconds) {
        long backoff = Math.min(10_000, 250L << attempt);
        return Math.max(retryAfterSeconds * 1000, ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1));
    }
}
