package io.medsum.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medsum.common.json.Json;
import io.medsum.local.infra.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The local stack's API keys, one per client application, kept in {@code <stateDir>/keys.json} (0600):
 * {@code {"keys":[{"name","key","crossTenantReader","createdAt"}]}}.
 *
 * <p>The gateway asks {@link #match} on every request; the file is read again only when it changed (its modification
 * time, size or identity), so a key created or revoked by {@code ./medsum keys} in another process counts from the next
 * request on, at the cost of one {@code stat} per request. Changes are written to a temporary file and renamed over the
 * registry, under a lock file, so concurrent commands do not lose each other's keys and a reader never sees half a
 * file.
 */
public final class ClientKeys {
    public static final String FILE_NAME = "keys.json";
    /** The key {@code ./medsum local} makes on first start; its value is also local.json's {@code apiKey}. */
    public static final String DEFAULT_NAME = "default";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** 32 random bytes, 43 base64url characters: 256 bits, and within API Gateway's 20 to 128 characters. */
    private static final int KEY_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path stateDirectory;
    private final Path file;
    private final Path lockFile;
    private final Object cacheLock = new Object();
    private Snapshot cached;

    private record Snapshot(Object fileKey, long modified, long size, List<ClientKey> keys) {}

    private ClientKeys(Path stateDirectory) {
        this.stateDirectory = stateDirectory;
        this.file = stateDirectory.resolve(FILE_NAME);
        this.lockFile = stateDirectory.resolve(FILE_NAME + ".lock");
    }

    /** The registry of a state directory (which need not exist yet). */
    public static ClientKeys in(Path stateDirectory) {
        return new ClientKeys(stateDirectory);
    }

    public Path file() {
        return file;
    }

    /** The key whose value was presented, if the registry holds it now. Compared in constant time. */
    public Optional<ClientKey> match(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
        ClientKey found = null;
        for (ClientKey key : current()) {
            // Every key is compared, so the time taken says nothing about which one (nearly) matched.
            if (MessageDigest.isEqual(key.key().getBytes(StandardCharsets.UTF_8), candidate)) {
                found = key;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Every key, in the order they were made. */
    public List<ClientKey> list() {
        return current();
    }

    public Optional<ClientKey> named(String name) {
        return current().stream().filter(k -> k.name().equals(name)).findFirst();
    }

    /** Makes a key with a fresh random value. */
    public ClientKey create(String name, boolean crossTenantReader) {
        return add(name, newKeyValue(), crossTenantReader);
    }

    /**
     * The {@value #DEFAULT_NAME} key on a stack's first start: made once, when there is no registry yet;
     * {@code legacyKey} (the single key of earlier versions) keeps its value so scripts holding it keep working. A
     * registry whose default key was revoked stays without one.
     */
    public Optional<ClientKey> initialise(String legacyKey) {
        if (!Files.exists(file)) {
            update(keys -> {
                if (keys.isEmpty()) {
                    keys.add(new ClientKey(
                            DEFAULT_NAME, legacyKey != null ? legacyKey : newKeyValue(), false, Instant.now()));
                }
                return keys;
            });
        }
        return named(DEFAULT_NAME);
    }

    /** Removes the key; callers holding it are refused from the next request on. False when there was none. */
    public boolean revoke(String name) {
        boolean[] removed = {false};
        update(keys -> {
            removed[0] = keys.removeIf(k -> k.name().equals(name));
            return keys;
        });
        return removed[0];
    }

    /** The tenant ids of the keys allowed to read across tenants. */
    public List<String> crossTenantReaders() {
        return current().stream()
                .filter(ClientKey::crossTenantReader)
                .map(ClientKey::tenantId)
                .toList();
    }

    private ClientKey add(String name, String value, boolean crossTenantReader) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "A key name is 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        ClientKey key = new ClientKey(name, value, crossTenantReader, Instant.now());
        update(keys -> {
            if (keys.stream().anyMatch(k -> k.name().equals(name))) {
                throw new IllegalArgumentException("There is already a key named " + name);
            }
            keys.add(key);
            return keys;
        });
        return key;
    }

    private static String newKeyValue() {
        byte[] random = new byte[KEY_BYTES];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private List<ClientKey> current() {
        synchronized (cacheLock) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                Snapshot last = cached;
                if (last != null
                        && Objects.equals(last.fileKey(), attributes.fileKey())
                        && last.modified() == attributes.lastModifiedTime().toMillis()
                        && last.size() == attributes.size()) {
                    return last.keys();
                }
                List<ClientKey> keys = parse(Files.readString(file, StandardCharsets.UTF_8));
                cached = new Snapshot(
                        attributes.fileKey(), attributes.lastModifiedTime().toMillis(), attributes.size(), keys);
                return keys;
            } catch (NoSuchFileException e) {
                cached = null;
                return List.of();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
        }
    }

    private void update(UnaryOperator<List<ClientKey>> change) {
        try {
            PrivateFiles.folder(stateDirectory);
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                List<ClientKey> keys = Files.exists(file)
                        ? new ArrayList<>(parse(Files.readString(file, StandardCharsets.UTF_8)))
                        : new ArrayList<>();
                PrivateFiles.write(file, render(change.apply(keys)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot update " + file, e);
        }
    }

    private List<ClientKey> parse(String text) {
        try {
            List<ClientKey> keys = new ArrayList<>();
            for (JsonNode node : Json.MAPPER.readTree(text).path("keys")) {
                keys.add(new ClientKey(
                        node.path("name").asText(),
                        node.path("key").asText(),
                        node.path("crossTenantReader").asBoolean(false),
                        Instant.parse(node.path("createdAt").asText())));
            }
            return List.copyOf(keys);
        } catch (IOException | RuntimeException e) {
            // Never the content in the message: it holds the keys.
            throw new IllegalStateException(file + " is not a valid key registry; fix or remove it");
        }
    }

    private static String render(List<ClientKey> keys) throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode array = root.putArray("keys");
        for (ClientKey key : keys) {
            array.addObject()
                    .put("name", key.name())
                    .put("key", key.key())
                    .put("crossTenantReader", key.crossTenantReader())
                    .put("createdAt", key.createdAt().toString());
        }
        return Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
    }
}
