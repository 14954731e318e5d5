package io.medsum.local.contract;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.mediatype.ContentAnalyser;
import io.vertx.openapi.mediatype.ContentAnalyserFactory;
import io.vertx.openapi.mediatype.MediaTypeRegistration;
import io.vertx.openapi.mediatype.MediaTypeRegistry;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import io.vertx.openapi.validation.ValidationContext;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.yaml.snakeyaml.Yaml;

/**
 * openapi.yaml as judged by an independent OpenAPI 3.1 validator, Eclipse Vert.x's {@code vertx-openapi}, not by our
 * own {@link OpenApiContract}.
 *
 * <p>Requests are judged as they travel: the judge is an HTTP server on 127.0.0.1 that hands each request it receives
 * to the library's {@link RequestValidator}, which finds the operation by method and path itself (under the spec's
 * server base path {@code /v1}) and checks path, query, headers, Content-Type and body. The judge answers 204 for a
 * request the spec admits and 422 with the library's reason for one it refuses. Responses are judged with the library's
 * {@link ResponseValidator} against the response the spec declares for the operation and status.
 */
final class SpecJudge implements AutoCloseable {
    /** The base path of the spec's only server URL. */
    static final String BASE_PATH = "/v1";

    private static final long GIVE_UP_SECONDS = 60;

    private final Vertx vertx;
    private final OpenAPIContract contract;
    private final ResponseValidator responses;
    private final HttpServer server;

    private SpecJudge(Vertx vertx, OpenAPIContract contract, HttpServer server) {
        this.vertx = vertx;
        this.contract = contract;
        this.responses = ResponseValidator.create(vertx, contract);
        this.server = server;
    }

    /** Loads openapi.yaml into the library and starts the judging server on an ephemeral port. */
    static SpecJudge start(Path openApiYaml) {
        Vertx vertx = Vertx.vertx();
        try {
            OpenAPIContract contract = await(OpenAPIContract.builder(vertx)
                    .setContract(withServerVariablesFilledIn(openApiYaml))
                    .mediaTypeRegistry(MediaTypeRegistry.createDefault().register(new ProblemJson()))
                    .build());
            RequestValidator requests = RequestValidator.create(vertx, contract);
            HttpServer server = await(vertx.createHttpServer(new HttpServerOptions()
                            .setHost("127.0.0.1")
                            // Long enough for every request the gateway takes (API Gateway's own limits are higher).
                            .setMaxInitialLineLength(65_536)
                            .setMaxHeaderSize(65_536))
                    .requestHandler(request -> requests.validate(request).onComplete(verdict -> {
                        if (verdict.succeeded()) {
                            request.response().setStatusCode(204).end();
                        } else {
                            request.response()
                                    .setStatusCode(422)
                                    .putHeader("Content-Type", "text/plain; charset=utf-8")
                                    .end(String.valueOf(reason(verdict.cause())));
                        }
                    }))
                    .listen(0));
            return new SpecJudge(vertx, contract, server);
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    /**
     * The document as written, except that each server URL has its variables replaced by their defaults. The library
     * checks the document against the OpenAPI 3.1 schema of 2022-10-07, whose {@code format: uri-reference} on a
     * server's {@code url} refuses the templated URLs the specification itself allows ({@code https://{apiId}...}); the
     * OpenAPI Initiative dropped that format from later schemas (OAI/OpenAPI-Specification#3455). Only the base path,
     * {@code /v1}, matters here, and it has no variables.
     */
    @SuppressWarnings("unchecked")
    private static JsonObject withServerVariablesFilledIn(Path openApiYaml) {
        Map<String, Object> document;
        try (Reader reader = Files.newBufferedReader(openApiYaml, StandardCharsets.UTF_8)) {
            document = new Yaml().load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonObject contract = new JsonObject(document);
        for (Object server : contract.getJsonArray("servers", new JsonArray())) {
            JsonObject object = server instanceof JsonObject json ? json : new JsonObject((Map<String, Object>) server);
            String url = object.getString("url");
            JsonObject variables = object.getJsonObject("variables", new JsonObject());
            for (String name : variables.fieldNames()) {
                url = url.replace(
                        "{" + name + "}", variables.getJsonObject(name).getString("default"));
            }
            object.put("url", url);
        }
        return contract;
    }

    /**
     * RFC 9457's {@code application/problem+json}, which the library does not know out of the box, read as the JSON it
     * is, with the library's own JSON analyser.
     */
    private static final class ProblemJson implements MediaTypeRegistration {
        static final String TYPE = "application/problem+json";

        @Override
        public ContentAnalyser createContentAnalyser(String contentType, Buffer content, ValidationContext context) {
            return ContentAnalyserFactory.json().create(contentType, content, context);
        }

        @Override
        public boolean canHandle(String mediaType) {
            return mediaType != null && mediaType.split(";", 2)[0].trim().equalsIgnoreCase(TYPE);
        }

        @Override
        public List<String> supportedTypes() {
            return List.of(TYPE);
        }
    }

    /** Where to send a request for the spec's verdict: the spec's base path on the judge's port. */
    URI url() {
        return URI.create("http://127.0.0.1:" + server.actualPort() + BASE_PATH);
    }

    OpenAPIContract contract() {
        return contract;
    }

    /**
     * Why the response does not conform to the response openapi.yaml declares for this operation and status; null if it
     * conforms. Header names are matched without regard to case, as HTTP does.
     */
    String responseViolation(String operationId, int status, Map<String, String> headers, byte[] body) {
        Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(headers);
        Map<String, String> declared = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        // Give the library each header under the name the spec declares it with.
        var response = contract.operation(operationId).getResponse(status);
        if (response != null) {
            response.getHeaders().forEach(header -> {
                if (byName.containsKey(header.getName())) {
                    declared.put(header.getName(), byName.get(header.getName()));
                }
            });
        }
        String contentType = byName.get("Content-Type");
        ValidatableResponse candidate = body == null || body.length == 0
                ? ValidatableResponse.create(status, Map.copyOf(declared))
                : ValidatableResponse.create(
                        status,
                        Map.copyOf(declared),
                        Buffer.buffer(body),
                        contentType == null ? null : contentType.toLowerCase(Locale.ROOT));
        try {
            await(responses.validate(candidate, operationId));
            return null;
        } catch (RuntimeException e) {
            return reason(e);
        }
    }

    private static String reason(Throwable failure) {
        Throwable cause =
                failure instanceof ExecutionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(GIVE_UP_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("The validator did not answer", e);
        }
    }

    @Override
    public void close() {
        await(vertx.close());
    }
}
