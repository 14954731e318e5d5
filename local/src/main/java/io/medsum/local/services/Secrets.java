package io.medsum.local.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medsum.common.json.Json;
import io.medsum.local.infra.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Secrets Manager, as much as the functions use: GetSecretValue by name or ARN. Secrets the template declares are
 * created with a random value on first start and kept in {@code secrets.json} (0600) so cursors survive restarts.
 */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ARN_PREFIX = "arn:aws:secretsmanager:us-east-1:000000000000:secret:";
    private final Path file;
    private final Map<String, String> values = new LinkedHashMap<>();

    Secrets(Path file) {
        this.file = file;
        if (file != null && Files.exists(file)) {
            try {
                Json.parse(Files.readString(file))
                        .fields()
                        .forEachRemaining(
                                e -> values.put(e.getKey(), e.getValue().asText()));
            } catch (IOException | Json.InvalidJsonException e) {
                throw new IllegalStateException("Could not read the local secrets in " + file, e);
            }
        }
    }

    /** The secret's ARN; creates it with 48 random bytes (base64) if it does not exist yet. */
    public synchronized String ensureRandom(String name) {
        if (!values.containsKey(name)) {
            byte[] random = new byte[48];
            RANDOM.nextBytes(random);
            values.put(name, Base64.getEncoder().encodeToString(random));
            persist();
        }
        return ARN_PREFIX + name;
    }

    synchronized JsonNode handle(String operation, JsonNode request) {
        if (!"GetSecretValue".equals(operation)) {
            throw new AwsJsonServer.ServiceException(
                    "UnknownOperationException", "Secrets Manager operation not served locally: " + operation);
        }
        String id = request.path("SecretId").asText();
        String name = id.startsWith(ARN_PREFIX) ? id.substring(ARN_PREFIX.length()) : id;
        String value = values.get(name);
        if (value == null) {
            throw new AwsJsonServer.ServiceException(
                    "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        }
        ObjectNode response = Json.object();
        response.put("ARN", ARN_PREFIX + name);
        response.put("Name", name);
        response.put("SecretString", value);
        response.put("VersionId", "local");
        return response;
    }

    private void persist() {
        if (file == null) {
            return;
        }
        ObjectNode node = Json.object();
        values.forEach(node::put);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                PrivateFiles.folder(parent);
            }
            PrivateFiles.write(file, Json.write(node));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not keep the local secrets", e);
        }
    }
}
