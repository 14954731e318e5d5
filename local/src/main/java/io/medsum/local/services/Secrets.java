package io.medsum.local.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medsum.common.json.Json;
import io.medsum.local.infra.LocalAwsClients;
import io.medsum.local.infra.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Secrets Manager, as much as the functions use: CreateSecret (with description, tags and a KMS key id, which are kept
 * and described but do not change the local encryption), GetSecretValue and DescribeSecret by name or ARN, and
 * DeleteSecret, at once with {@code ForceDeleteWithoutRecovery} or after a recovery window in which the secret can be
 * neither read nor created again. Secrets the template declares are created with a random value on first start.
 *
 * <p>With a data directory the secrets are kept in {@code secrets.json} (0600), every value encrypted at rest with
 * AES-256-GCM under a key in {@code secrets.key} (0600) beside it ({@link SecretsCipher}). A {@code secrets.json} from
 * a version before encryption (a flat name-to-plaintext object) is read as it is and rewritten encrypted at once, so no
 * plaintext stays on disk after the first start of this version.
 */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ARN_PREFIX =
            "arn:aws:secretsmanager:" + LocalAwsClients.REGION.id() + ":" + LocalAwsClients.ACCOUNT_ID + ":secret:";
    /** Marks the encrypted format; a file without it is the plaintext one of earlier versions. */
    static final String FORMAT = "medsum-local-secrets/2 (AES-256-GCM)";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");
    private static final int DEFAULT_RECOVERY_DAYS = 30;

    /** A secret's value (null when created without one) and what describes it. */
    private record Secret(
            String value, String description, String kmsKeyId, List<Tag> tags, long createdAt, Long deletionDate) {
        Secret {
            tags = List.copyOf(tags);
        }

        boolean scheduledForDeletion() {
            return deletionDate != null;
        }

        Secret scheduledFor(long date) {
            return new Secret(value, description, kmsKeyId, tags, createdAt, date);
        }
    }

    private record Tag(String key, String value) {}

    private final Path file;
    private final SecretsCipher cipher;
    private final Map<String, Secret> secrets = new LinkedHashMap<>();

    Secrets(Path file) {
        this.file = file;
        try {
            Path parent = file == null ? null : file.toAbsolutePath().getParent();
            if (parent != null) {
                PrivateFiles.folder(parent);
            }
            this.cipher = file == null
                    ? SecretsCipher.ephemeral()
                    : SecretsCipher.withKeyIn(file.resolveSibling("secrets.key"));
            if (file != null && Files.exists(file)) {
                load();
            }
        } catch (IOException | Json.InvalidJsonException e) {
            throw new IllegalStateException("Could not read the local secrets in " + file, e);
        }
    }

    /** The secret's ARN; creates it with 48 random bytes (base64) if it does not exist yet. */
    public synchronized String ensureRandom(String name) {
        if (!secrets.containsKey(name)) {
            byte[] random = new byte[48];
            RANDOM.nextBytes(random);
            secrets.put(
                    name,
                    new Secret(
                            Base64.getEncoder().encodeToString(random),
                            null,
                            null,
                            List.of(),
                            System.currentTimeMillis(),
                            null));
            persist();
        }
        return arn(name);
    }

    /** Names of the secrets that exist (scheduled deletions included), for tests. */
    public synchronized Set<String> names() {
        return Set.copyOf(secrets.keySet());
    }

    synchronized JsonNode handle(String operation, JsonNode request) {
        return switch (operation) {
            case "CreateSecret" -> create(request);
            case "GetSecretValue" -> value(request);
            case "DescribeSecret" -> describe(request);
            case "DeleteSecret" -> delete(request);
            default ->
                throw new AwsJsonServer.ServiceException(
                        "UnknownOperationException", "Secrets Manager operation not served locally: " + operation);
        };
    }

    private JsonNode create(JsonNode request) {
        String name = request.path("Name").asText("");
        if (!NAME.matcher(name).matches()) {
            throw new AwsJsonServer.ServiceException(
                    "InvalidParameterException",
                    "Invalid name. Must be a valid name containing alphanumeric "
                            + "characters, or any of the following: -/_+=.@!");
        }
        if (request.hasNonNull("SecretBinary")) {
            throw new AwsJsonServer.ServiceException(
                    "InvalidParameterException", "SecretBinary is not served locally; use SecretString");
        }
        Secret existing = secrets.get(name);
        if (existing != null) {
            throw existing.scheduledForDeletion()
                    ? new AwsJsonServer.ServiceException(
                            "InvalidRequestException",
                            "You can't create this secret because a secret with this name is already scheduled for"
                                    + " deletion.")
                    : new AwsJsonServer.ServiceException(
                            "ResourceExistsException",
                            "The operation failed because the secret " + name + " already exists.");
        }
        List<Tag> tags = new ArrayList<>();
        request.path("Tags")
                .forEach(tag -> tags.add(
                        new Tag(tag.path("Key").asText(), tag.path("Value").asText())));
        secrets.put(
                name,
                new Secret(
                        request.hasNonNull("SecretString")
                                ? request.get("SecretString").asText()
                                : null,
                        optionalText(request, "Description"),
                        optionalText(request, "KmsKeyId"),
                        tags,
                        System.currentTimeMillis(),
                        null));
        persist();
        ObjectNode response = Json.object();
        response.put("ARN", arn(name));
        response.put("Name", name);
        response.put("VersionId", "local");
        return response;
    }

    private JsonNode value(JsonNode request) {
        String name = nameOf(request);
        Secret secret = readable(name);
        if (secret.value() == null) {
            throw new AwsJsonServer.ServiceException(
                    "ResourceNotFoundException",
                    "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT");
        }
        ObjectNode response = Json.object();
        response.put("ARN", arn(name));
        response.put("Name", name);
        response.put("SecretString", secret.value());
        response.put("VersionId", "local");
        return response;
    }

    private JsonNode describe(JsonNode request) {
        String name = nameOf(request);
        Secret secret = existing(name);
        ObjectNode response = Json.object();
        response.put("ARN", arn(name));
        response.put("Name", name);
        if (secret.description() != null) {
            response.put("Description", secret.description());
        }
        if (secret.kmsKeyId() != null) {
            response.put("KmsKeyId", secret.kmsKeyId());
        }
        response.set("Tags", tagsJson(secret.tags()));
        response.put("CreatedDate", secret.createdAt() / 1000.0);
        if (secret.deletionDate() != null) {
            response.put("DeletedDate", secret.deletionDate() / 1000.0);
        }
        return response;
    }

    private JsonNode delete(JsonNode request) {
        String name = nameOf(request);
        Secret secret = existing(name);
        boolean force = request.path("ForceDeleteWithoutRecovery").asBoolean(false);
        if (force && request.hasNonNull("RecoveryWindowInDays")) {
            throw new AwsJsonServer.ServiceException(
                    "InvalidParameterException",
                    "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
        }
        long now = System.currentTimeMillis();
        long deletionDate;
        if (force) {
            secrets.remove(name);
            deletionDate = now;
        } else {
            int days = request.path("RecoveryWindowInDays").asInt(DEFAULT_RECOVERY_DAYS);
            deletionDate = secret.scheduledForDeletion() ? secret.deletionDate() : now + days * 86_400_000L;
            secrets.put(name, secret.scheduledFor(deletionDate));
        }
        persist();
        ObjectNode response = Json.object();
        response.put("ARN", arn(name));
        response.put("Name", name);
        response.put("DeletionDate", deletionDate / 1000.0);
        return response;
    }

    private Secret existing(String name) {
        Secret secret = secrets.get(name);
        if (secret == null) {
            throw new AwsJsonServer.ServiceException(
                    "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        }
        return secret;
    }

    private Secret readable(String name) {
        Secret secret = existing(name);
        if (secret.scheduledForDeletion()) {
            throw new AwsJsonServer.ServiceException(
                    "InvalidRequestException",
                    "You can't perform this operation on the secret because it was marked for deletion.");
        }
        return secret;
    }

    private static String nameOf(JsonNode request) {
        String id = request.path("SecretId").asText();
        return id.startsWith(ARN_PREFIX) ? id.substring(ARN_PREFIX.length()) : id;
    }

    private static String arn(String name) {
        return ARN_PREFIX + name;
    }

    private static String optionalText(JsonNode request, String field) {
        String value = request.path(field).asText("");
        return value.isEmpty() ? null : value;
    }

    private static ArrayNode tagsJson(List<Tag> tags) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        tags.forEach(tag -> array.addObject().put("Key", tag.key()).put("Value", tag.value()));
        return array;
    }

    // ---------------------------------------------------------------- on disk

    private void load() throws IOException, Json.InvalidJsonException {
        JsonNode root = Json.parse(Files.readString(file));
        if (!FORMAT.equals(root.path("format").asText())) {
            // The plaintext file of earlier versions: name → value. Read, then rewritten encrypted right away.
            Iterator<Map.Entry<String, JsonNode>> plain = root.fields();
            while (plain.hasNext()) {
                Map.Entry<String, JsonNode> entry = plain.next();
                secrets.put(
                        entry.getKey(),
                        new Secret(entry.getValue().asText(), null, null, List.of(), System.currentTimeMillis(), null));
            }
            persist();
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> stored = root.path("secrets").fields();
        while (stored.hasNext()) {
            Map.Entry<String, JsonNode> entry = stored.next();
            JsonNode node = entry.getValue();
            List<Tag> tags = new ArrayList<>();
            node.path("tags")
                    .forEach(tag -> tags.add(
                            new Tag(tag.path("Key").asText(), tag.path("Value").asText())));
            secrets.put(
                    entry.getKey(),
                    new Secret(
                            node.hasNonNull("value")
                                    ? cipher.decrypt(
                                            entry.getKey(), node.get("value").asText())
                                    : null,
                            node.hasNonNull("description")
                                    ? node.get("description").asText()
                                    : null,
                            node.hasNonNull("kmsKeyId") ? node.get("kmsKeyId").asText() : null,
                            tags,
                            node.path("createdAt").asLong(),
                            node.hasNonNull("deletionDate")
                                    ? node.get("deletionDate").asLong()
                                    : null));
        }
    }

    private void persist() {
        if (file == null) {
            return;
        }
        ObjectNode root = Json.object();
        root.put("format", FORMAT);
        ObjectNode stored = root.putObject("secrets");
        secrets.forEach((name, secret) -> {
            ObjectNode node = stored.putObject(name);
            if (secret.value() != null) {
                node.put("value", cipher.encrypt(name, secret.value()));
            }
            node.put("description", secret.description());
            node.put("kmsKeyId", secret.kmsKeyId());
            node.set("tags", tagsJson(secret.tags()));
            node.put("createdAt", secret.createdAt());
            if (secret.deletionDate() != null) {
                node.put("deletionDate", secret.deletionDate());
            }
        });
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                PrivateFiles.folder(parent);
            }
            PrivateFiles.write(file, Json.write(root));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not keep the local secrets", e);
        }
    }
}
