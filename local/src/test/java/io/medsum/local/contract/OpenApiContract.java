package io.medsum.local.contract;

import com.networknt.schema.Error;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaContext;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AbstractKeywordValidator;
import com.networknt.schema.keyword.Keyword;
import com.networknt.schema.keyword.KeywordValidator;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Checks HTTP exchanges against the project's {@code openapi.yaml}, the published contract of the medsum API.
 *
 * <p>For a response, {@link #violations} checks that:
 *
 * <ul>
 *   <li>the path matches a declared path template, and the method is declared for it;
 *   <li>the status code is declared for that operation;
 *   <li>{@code Content-Type} matches a declared media type, with no charset other than UTF-8;
 *   <li>every declared header with {@code required: true} is present, and every declared header that is present matches
 *       its schema;
 *   <li>the body is JSON and matches the declared schema (JSON Schema 2020-12, OpenAPI 3.1 dialect, {@code $ref}s
 *       resolved inside the document);
 *   <li>a problem document's {@code status} equals the HTTP status;
 *   <li>a 2xx answers only a request whose path and query parameters match their declarations (otherwise the contract
 *       calls for 400);
 *   <li>the contract extensions hold: {@code x-medsum-equals-body} (the header equals a body member),
 *       {@code x-medsum-required-when} (the header is required when a body member has one of some values) and, in
 *       schemas, {@code x-max-utf8-bytes}.
 * </ul>
 *
 * A base path from {@code servers} (e.g. {@code /v1}) and a query string are stripped before matching, and literal path
 * segments win over templated ones. Header names are matched without regard to case.
 *
 * <p>Instances are immutable and thread-safe. {@link #shared()} loads the document once per JVM.
 */
public final class OpenApiContract {

    /** System property holding the project root; surefire sets it for the {@code local} module. */
    public static final String PROJECT_ROOT_PROPERTY = "medsum.project.root";
    /** The contract's file name at the project root. */
    public static final String FILE_NAME = "openapi.yaml";

    private static final String DOCUMENT_IRI = "https://contract.medsum.invalid/openapi.json";
    private static final Set<String> METHODS =
            Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern STATUS_RANGE = Pattern.compile("[1-5]XX");

    private static volatile OpenApiContract shared;

    private final Path source;
    private final JsonNode document;
    private final SchemaRegistry registry;
    private final List<PathTemplate> templates;
    private final List<String> basePaths;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private OpenApiContract(Path source, JsonNode document) {
        this.source = source;
        this.document = document;
        String json = JSON.writeValueAsString(document);
        SchemaRegistryConfig config =
                SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();
        Dialect dialect = Dialect.builder(Dialects.getOpenApi31())
                .keyword(new MaxUtf8Bytes())
                .build();
        this.registry = SchemaRegistry.withDefaultDialect(
                dialect, builder -> builder.schemaRegistryConfig(config).schemas(Map.of(DOCUMENT_IRI, json)));
        this.templates = readTemplates(document);
        this.basePaths = readBasePaths(document);
    }

    // ------------------------------------------------------------------ loading

    /** The contract at the project root, loaded once per JVM. */
    public static OpenApiContract shared() {
        OpenApiContract contract = shared;
        if (contract == null) {
            synchronized (OpenApiContract.class) {
                contract = shared;
                if (contract == null) {
                    contract = load();
                    shared = contract;
                }
            }
        }
        return contract;
    }

    /** Loads the contract found by {@link #locate()}. */
    public static OpenApiContract load() {
        return load(locate());
    }

    /** Loads a contract from a YAML (or JSON) OpenAPI 3.1 document. */
    public static OpenApiContract load(Path openApiFile) {
        Object tree;
        try (InputStream in = Files.newInputStream(openApiFile)) {
            tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + openApiFile, e);
        }
        if (!(tree instanceof Map)) {
            throw new IllegalStateException(openApiFile + " is not a YAML mapping");
        }
        JsonNode document = JSON.valueToTree(plain(tree, "$"));
        if (!document.path("openapi").asString("").startsWith("3.1")) {
            throw new IllegalStateException(openApiFile + " is not an OpenAPI 3.1 document");
        }
        return new OpenApiContract(openApiFile.toAbsolutePath().normalize(), document);
    }

    /**
     * Finds {@code openapi.yaml}: in the directory named by the system property {@value #PROJECT_ROOT_PROPERTY}, or
     * else in the working directory or the nearest parent that has one.
     */
    public static Path locate() {
        String root = System.getProperty(PROJECT_ROOT_PROPERTY);
        if (root != null && !root.isBlank()) {
            Path candidate = Paths.get(root).resolve(FILE_NAME);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(FILE_NAME);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find " + FILE_NAME + " (system property "
                + PROJECT_ROOT_PROPERTY + "=" + root + ", working directory "
                + Paths.get("").toAbsolutePath() + ")");
    }

    /** The file the contract was loaded from. */
    public Path source() {
        return source;
    }

    /** The whole OpenAPI document, as JSON; read it, do not change it. */
    public JsonNode document() {
        return document;
    }

    // ------------------------------------------------------------------ queries

    /** The declared operations, as {@code "GET /reports/{patientId}/{reportId}"}, in document order. */
    public List<String> operations() {
        List<String> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (METHODS.contains(op.getKey())) {
                    operations.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            }
        }
        return operations;
    }

    /** The path template a concrete path matches, e.g. {@code /reports/{patientId}/{reportId}}. */
    public Optional<String> matchPath(String concretePath) {
        return match(concretePath).map(m -> m.template.template);
    }

    /** The status codes (or ranges like {@code 4XX}, or {@code default}) declared for an operation. */
    public List<String> declaredStatuses(String method, String concretePath) {
        Optional<Match> match = match(concretePath);
        if (match.isEmpty()) {
            return List.of();
        }
        JsonNode operation = match.get().template.node.path(method.toLowerCase(Locale.ROOT));
        return List.copyOf(operation.path("responses").propertyNames());
    }

    // ------------------------------------------------------------------ responses

    /**
     * Everything about a response that does not conform to the contract; empty when it conforms.
     *
     * @param method HTTP method, any case
     * @param concretePath request path, e.g. {@code /reports/P1/REPORT-01H...}; a query string and a server base path
     *     such as {@code /v1} are ignored
     * @param status the response's HTTP status
     * @param headers the response's headers, names in any case; may be null
     * @param body the response body; null or empty for none
     */
    public List<String> violations(
            String method, String concretePath, int status, Map<String, String> headers, String body) {
        List<String> out = new ArrayList<>();
        String op = method.toUpperCase(Locale.ROOT) + " " + concretePath;
        Optional<Match> match = match(concretePath);
        if (match.isEmpty()) {
            out.add(op + ": path is not declared in " + FILE_NAME + " (declared: "
                    + templates.stream().map(t -> t.template).toList() + ")");
            return out;
        }
        PathTemplate template = match.get().template;
        String methodKey = method.toLowerCase(Locale.ROOT);
        JsonNode operation = template.node.get(methodKey);
        if (operation == null || !METHODS.contains(methodKey)) {
            out.add(op + ": method " + method.toUpperCase(Locale.ROOT) + " is not declared for " + template.template
                    + " (declared: " + declaredMethods(template.node) + ")");
            return out;
        }
        String where = method.toUpperCase(Locale.ROOT) + " " + template.template + " " + status;
        String responsesPointer = template.pointer + "/" + escape(methodKey) + "/responses";
        Optional<String> statusKey = statusKey(operation.path("responses"), status);
        if (statusKey.isEmpty()) {
            List<String> declared = names(operation.path("responses"));
            out.add(method.toUpperCase(Locale.ROOT) + " " + template.template + ": status " + status
                    + " is not declared (declared: " + declared + ")");
            return out;
        }
        Resolved response = resolve(responsesPointer + "/" + escape(statusKey.get()));
        Map<String, String> hdrs = caseInsensitive(headers);
        if (status >= 200 && status < 300) {
            for (String problem : parameterViolations(match.get(), methodKey, concretePath)) {
                out.add(where + ": the request breaks the contract, so it should not succeed: " + problem);
            }
        }

        JsonNode parsedBody = null;
        JsonNode content = response.node.get("content");
        boolean hasBody = body != null && !body.isEmpty();
        if (content == null || content.isEmpty()) {
            if (hasBody) {
                out.add(where + ": a body is not declared for this response, but got: " + abbreviate(body));
            }
        } else {
            String contentType = hdrs.get("content-type");
            String mediaType = null;
            if (contentType == null) {
                out.add(where + ": Content-Type header is missing (declared: " + names(content) + ")");
            } else {
                MediaType actual = MediaType.parse(contentType);
                mediaType = names(content).stream()
                        .filter(declared -> actual.matches(declared))
                        .findFirst()
                        .orElse(null);
                if (mediaType == null) {
                    out.add(where + ": Content-Type " + contentType + " does not match the declared " + names(content));
                }
                if (actual.charset != null && !actual.charset.equalsIgnoreCase("utf-8")) {
                    out.add(where + ": Content-Type charset " + actual.charset + " is not UTF-8");
                }
            }
            if (mediaType == null && content.size() == 1) {
                mediaType = content.propertyNames().iterator().next(); // still check the body
            }
            if (!hasBody) {
                out.add(where + ": body is empty, but the declared media type " + names(content) + " has one");
            } else if (mediaType != null) {
                try {
                    parsedBody = JSON.readTree(body);
                } catch (JacksonException e) {
                    out.add(where + ": body is not JSON (" + e.getOriginalMessage() + "): " + abbreviate(body));
                }
                if (parsedBody != null) {
                    String schemaPointer = response.pointer + "/content/" + escape(mediaType) + "/schema";
                    if (resolvePointer(schemaPointer) != null) {
                        for (String error : validate(schemaPointer, parsedBody)) {
                            out.add(where + ": body " + error);
                        }
                    }
                    if (isProblem(mediaType)
                            && parsedBody.path("status").isNumber()
                            && parsedBody.path("status").asInt() != status) {
                        out.add(where + ": problem status " + parsedBody.path("status")
                                + " differs from the HTTP status " + status);
                    }
                }
            }
        }

        JsonNode declaredHeaders = response.node.path("headers");
        for (Map.Entry<String, JsonNode> entry : declaredHeaders.properties()) {
            String name = entry.getKey();
            if (name.equalsIgnoreCase("content-type")) {
                continue; // OpenAPI ignores a declared Content-Type header
            }
            Resolved header = resolve(response.pointer + "/headers/" + escape(name));
            String value = hdrs.get(name.toLowerCase(Locale.ROOT));
            boolean required = header.node.path("required").asBoolean(false)
                    || requiredByBody(header.node.get("x-medsum-required-when"), parsedBody);
            if (value == null) {
                if (required) {
                    out.add(where + ": header " + name + " is missing" + conditionText(header.node));
                }
                continue;
            }
            String schemaPointer = header.pointer + "/schema";
            if (resolvePointer(schemaPointer) != null) {
                JsonNode typed = coerce(value, resolve(schemaPointer).node);
                for (String error : validate(schemaPointer, typed)) {
                    out.add(where + ": header " + name + " value '" + value + "' " + scalar(error));
                }
            }
            JsonNode equalsBody = header.node.get("x-medsum-equals-body");
            if (equalsBody != null && equalsBody.isString() && parsedBody != null) {
                JsonNode member = parsedBody.at(equalsBody.asString());
                if (member.isMissingNode() || !member.isValueNode() || !value.equals(member.asString())) {
                    out.add(where + ": header " + name + " '" + value + "' differs from the body's "
                            + equalsBody.asString() + " " + (member.isMissingNode() ? "(missing)" : member));
                }
            }
        }
        return out;
    }

    /**
     * Throws an {@link AssertionError} listing every violation, if there are any.
     *
     * @see #violations(String, String, int, Map, String)
     */
    public void assertConforms(
            String method, String concretePath, int status, Map<String, String> headers, String body) {
        List<String> violations = violations(method, concretePath, status, headers, body);
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.size() + " contract violation(s) of " + source + " for "
                    + method.toUpperCase(Locale.ROOT) + " " + concretePath + " -> " + status + ":\n  - "
                    + String.join("\n  - ", violations)
                    + "\nbody: " + (body == null ? "(none)" : abbreviate(body)));
        }
    }

    // ------------------------------------------------------------------ requests

    /**
     * Everything about a JSON request body that does not match the operation's declared request schema; empty when it
     * matches. A null or empty body is a violation when the request body is required. The {@code x-max-utf8-bytes}
     * extension (the byte limit of {@code text}) is checked too; the limit on the whole body's size is not.
     */
    public List<String> validateRequestBody(String method, String concretePath, String body) {
        List<String> out = new ArrayList<>();
        String op = method.toUpperCase(Locale.ROOT) + " " + concretePath;
        Optional<Match> match = match(concretePath);
        if (match.isEmpty()) {
            out.add(op + ": path is not declared in " + FILE_NAME);
            return out;
        }
        PathTemplate template = match.get().template;
        String methodKey = method.toLowerCase(Locale.ROOT);
        JsonNode operation = template.node.get(methodKey);
        if (operation == null || !METHODS.contains(methodKey)) {
            out.add(op + ": method " + method.toUpperCase(Locale.ROOT) + " is not declared for " + template.template
                    + " (declared: " + declaredMethods(template.node) + ")");
            return out;
        }
        String where = method.toUpperCase(Locale.ROOT) + " " + template.template + " request";
        boolean hasBody = body != null && !body.isEmpty();
        if (operation.get("requestBody") == null) {
            if (hasBody) {
                out.add(where + ": a request body is not declared, but got: " + abbreviate(body));
            }
            return out;
        }
        Resolved requestBody = resolve(template.pointer + "/" + escape(methodKey) + "/requestBody");
        if (!hasBody) {
            if (requestBody.node.path("required").asBoolean(false)) {
                out.add(where + ": body is required");
            }
            return out;
        }
        String mediaType = names(requestBody.node.path("content")).stream()
                .filter(name -> MediaType.parse(name).isJson())
                .findFirst()
                .orElse(null);
        if (mediaType == null) {
            out.add(where + ": no JSON media type is declared (declared: " + names(requestBody.node.path("content"))
                    + ")");
            return out;
        }
        JsonNode parsed;
        try {
            parsed = JSON.readTree(body);
        } catch (JacksonException e) {
            out.add(where + ": body is not JSON (" + e.getOriginalMessage() + ")");
            return out;
        }
        for (String error : validate(requestBody.pointer + "/content/" + escape(mediaType) + "/schema", parsed)) {
            out.add(where + ": body " + error);
        }
        return out;
    }

    /**
     * Everything about a request's path and query parameters that does not match the declared parameters (a required
     * one missing, or a value outside its schema); empty when they match. Header parameters are not checked.
     */
    public List<String> validateRequestParameters(String method, String concretePath) {
        Optional<Match> match = match(concretePath);
        String methodKey = method.toLowerCase(Locale.ROOT);
        if (match.isEmpty()) {
            return List.of(
                    method.toUpperCase(Locale.ROOT) + " " + concretePath + ": path is not declared in " + FILE_NAME);
        }
        if (!METHODS.contains(methodKey) || match.get().template.node.get(methodKey) == null) {
            return List.of(method.toUpperCase(Locale.ROOT) + " " + concretePath + ": method is not declared for "
                    + match.get().template.template);
        }
        return parameterViolations(match.get(), methodKey, concretePath);
    }

    private List<String> parameterViolations(Match match, String methodKey, String concretePath) {
        Map<String, String> query = queryParameters(concretePath);
        // Path-item parameters, overridden by operation parameters of the same name and location.
        Map<String, Resolved> declared = new LinkedHashMap<>();
        String pathPointer = match.template.pointer;
        String[] owners = {pathPointer, pathPointer + "/" + escape(methodKey)};
        for (String owner : owners) {
            JsonNode list = resolvePointer(owner + "/parameters");
            if (list == null) {
                continue;
            }
            for (int i = 0; i < list.size(); i++) {
                Resolved parameter = resolve(owner + "/parameters/" + i);
                declared.put(
                        parameter.node.path("in").asString("") + ":"
                                + parameter.node.path("name").asString(""),
                        parameter);
            }
        }
        List<String> out = new ArrayList<>();
        for (Resolved parameter : declared.values()) {
            String in = parameter.node.path("in").asString("");
            String name = parameter.node.path("name").asString("");
            String value;
            if (in.equals("path")) {
                value = match.params.get(name);
            } else if (in.equals("query")) {
                value = query.get(name);
            } else {
                continue; // header and cookie parameters are not passed in
            }
            if (value == null) {
                if (parameter.node.path("required").asBoolean(false)) {
                    out.add(in + " parameter " + name + " is missing");
                }
                continue;
            }
            String schemaPointer = parameter.pointer + "/schema";
            if (resolvePointer(schemaPointer) == null) {
                continue;
            }
            JsonNode typed = coerce(value, resolve(schemaPointer).node);
            for (String error : validate(schemaPointer, typed)) {
                out.add(in + " parameter " + name + " '" + value + "' " + scalar(error));
            }
        }
        return out;
    }

    private static Map<String, String> queryParameters(String concretePath) {
        Map<String, String> query = new LinkedHashMap<>();
        int q = concretePath == null ? -1 : concretePath.indexOf('?');
        if (q < 0) {
            return query;
        }
        String raw = concretePath.substring(q + 1);
        int hash = raw.indexOf('#');
        if (hash >= 0) {
            raw = raw.substring(0, hash);
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.putIfAbsent(name, value);
        }
        return query;
    }

    // ------------------------------------------------------------------ schemas

    /**
     * Validates JSON against the schema at a JSON pointer into the document, e.g.
     * {@code #/components/schemas/ReportView} (the leading {@code #} is optional).
     *
     * @return one message per error, each starting with the instance location; empty when valid
     */
    public List<String> validateSchema(String schemaPointer, String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JacksonException e) {
            return List.of("is not JSON (" + e.getOriginalMessage() + ")");
        }
        String pointer = schemaPointer.startsWith("#") ? schemaPointer.substring(1) : schemaPointer;
        if (resolvePointer(pointer) == null) {
            throw new IllegalArgumentException("no schema at #" + pointer + " in " + source);
        }
        return validate(pointer, node);
    }

    /** Every local {@code $ref} in the document that does not resolve; empty when all resolve. */
    public List<String> unresolvedRefs() {
        List<String> out = new ArrayList<>();
        collectUnresolved(document, "", out);
        return out;
    }

    private void collectUnresolved(JsonNode node, String at, List<String> out) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isString()) {
                String target = ref.asString();
                if (!target.startsWith("#") || resolvePointer(decodeFragment(target.substring(1))) == null) {
                    out.add("#" + at + "/$ref: " + target);
                }
            }
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                collectUnresolved(e.getValue(), at + "/" + escape(e.getKey()), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectUnresolved(node.get(i), at + "/" + i, out);
            }
        }
    }

    private List<String> validate(String schemaPointer, JsonNode instance) {
        Schema schema = schemas.computeIfAbsent(
                schemaPointer, p -> registry.getSchema(SchemaLocation.of(DOCUMENT_IRI + "#" + encodeFragment(p))));
        List<Error> errors = schema.validate(instance);
        Set<String> messages = new LinkedHashSet<>();
        for (Error error : errors) {
            String location = error.getInstanceLocation() == null
                    ? ""
                    : error.getInstanceLocation().toString();
            if (location.isEmpty() || location.equals("$")) {
                location = "(root)";
            }
            String message = error.getMessage();
            // networknt messages start with the instance location; keep it once.
            String prefix = error.getInstanceLocation() + ": ";
            if (message.startsWith(prefix)) {
                message = message.substring(prefix.length());
            }
            messages.add(location + ": " + message);
        }
        return new ArrayList<>(messages);
    }

    // ------------------------------------------------------------------ helpers

    private Optional<Match> match(String concretePath) {
        String path = concretePath == null ? "" : concretePath;
        int cut = indexOfAny(path, '?', '#');
        if (cut >= 0) {
            path = path.substring(0, cut);
        }
        if (path.isEmpty()) {
            path = "/";
        }
        Optional<Match> match = matchExact(path);
        if (match.isPresent()) {
            return match;
        }
        for (String base : basePaths) {
            if (path.equals(base)) {
                return matchExact("/");
            }
            if (path.startsWith(base + "/")) {
                match = matchExact(path.substring(base.length()));
                if (match.isPresent()) {
                    return match;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Match> matchExact(String path) {
        List<String> segments = segments(path);
        for (PathTemplate template : templates) { // sorted: most literal segments first
            Map<String, String> params = template.match(segments);
            if (params != null) {
                return Optional.of(new Match(template, params));
            }
        }
        return Optional.empty();
    }

    private static List<PathTemplate> readTemplates(JsonNode document) {
        List<PathTemplate> list = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : document.path("paths").properties()) {
            list.add(new PathTemplate(e.getKey(), "/paths/" + escape(e.getKey()), e.getValue()));
        }
        list.sort(
                Comparator.comparingInt((PathTemplate t) -> -t.literalCount).thenComparingInt(t -> -t.segments.size()));
        return List.copyOf(list);
    }

    private static List<String> readBasePaths(JsonNode document) {
        List<String> bases = new ArrayList<>();
        for (JsonNode server : document.path("servers")) {
            String url = server.path("url").asString("");
            // Drop scheme and host (which may hold {variables}); keep the path.
            int scheme = url.indexOf("://");
            String rest = scheme >= 0 ? url.substring(scheme + 3) : url;
            int slash = scheme >= 0 ? rest.indexOf('/') : (rest.startsWith("/") ? 0 : -1);
            if (slash < 0) {
                continue;
            }
            String base = rest.substring(slash);
            while (base.endsWith("/")) {
                base = base.substring(0, base.length() - 1);
            }
            if (!base.isEmpty() && !base.contains("{")) {
                bases.add(base);
            }
        }
        return List.copyOf(bases);
    }

    private static List<String> segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.isEmpty()) {
            return List.of();
        }
        return List.of(trimmed.split("/", -1));
    }

    private static Optional<String> statusKey(JsonNode responses, int status) {
        String exact = Integer.toString(status);
        if (responses.has(exact)) {
            return Optional.of(exact);
        }
        String range = (status / 100) + "XX";
        for (String key : responses.propertyNames()) {
            String upper = key.toUpperCase(Locale.ROOT);
            if (STATUS_RANGE.matcher(upper).matches() && upper.equals(range)) {
                return Optional.of(key);
            }
        }
        return responses.has("default") ? Optional.of("default") : Optional.empty();
    }

    private static List<String> declaredMethods(JsonNode pathItem) {
        List<String> methods = new ArrayList<>();
        for (String key : pathItem.propertyNames()) {
            if (METHODS.contains(key)) {
                methods.add(key.toUpperCase(Locale.ROOT));
            }
        }
        return methods;
    }

    private static boolean requiredByBody(JsonNode condition, JsonNode body) {
        if (condition == null || body == null) {
            return false;
        }
        JsonNode value = body.at(condition.path("pointer").asString(""));
        if (value.isMissingNode()) {
            return false;
        }
        for (JsonNode allowed : condition.path("in")) {
            if (allowed.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static String conditionText(JsonNode header) {
        JsonNode condition = header.get("x-medsum-required-when");
        if (condition == null || header.path("required").asBoolean(false)) {
            return "";
        }
        return " (required when " + condition.path("pointer").asString("") + " is one of " + condition.path("in") + ")";
    }

    /** Header and parameter values are strings; give numbers and booleans their JSON type when the schema wants one. */
    private JsonNode coerce(String value, JsonNode schema) {
        Set<String> types = new LinkedHashSet<>();
        JsonNode type = schema.get("type");
        if (type != null && type.isString()) {
            types.add(type.asString());
        } else if (type != null && type.isArray()) {
            type.forEach(t -> types.add(t.asString()));
        }
        String trimmed = value.trim();
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (types.contains("integer")) {
            try {
                return nodes.numberNode(new BigInteger(trimmed));
            } catch (NumberFormatException ignored) {
                // fall through: the schema reports the wrong type
            }
        }
        if (types.contains("number")) {
            try {
                return nodes.numberNode(new BigDecimal(trimmed));
            } catch (NumberFormatException ignored) {
                // fall through
            }
        }
        if (types.contains("boolean") && (trimmed.equals("true") || trimmed.equals("false"))) {
            return nodes.booleanNode(Boolean.parseBoolean(trimmed));
        }
        return nodes.stringNode(value);
    }

    /** Follows {@code $ref}s from the node at a JSON pointer; returns the final node and its pointer. */
    private Resolved resolve(String pointer) {
        String current = pointer;
        Set<String> seen = new LinkedHashSet<>();
        while (true) {
            JsonNode node = resolvePointer(current);
            if (node == null) {
                throw new IllegalStateException(source + ": nothing at #" + current);
            }
            JsonNode ref = node.get("$ref");
            if (ref == null || !ref.isString()) {
                return new Resolved(node, current);
            }
            String target = ref.asString();
            if (!target.startsWith("#")) {
                throw new IllegalStateException(source + ": only local $refs are supported, got " + target);
            }
            if (!seen.add(current)) {
                throw new IllegalStateException(source + ": $ref cycle through " + seen);
            }
            current = decodeFragment(target.substring(1));
        }
    }

    private JsonNode resolvePointer(String pointer) {
        JsonNode node = document.at(pointer);
        return node.isMissingNode() ? null : node;
    }

    /** A scalar's error without the "(root): " location. */
    private static String scalar(String error) {
        return error.startsWith("(root): ") ? error.substring("(root): ".length()) : error;
    }

    private static boolean isProblem(String mediaType) {
        return mediaType.toLowerCase(Locale.ROOT).equals("application/problem+json");
    }

    private static List<String> names(JsonNode object) {
        return List.copyOf(object.propertyNames());
    }

    private static Map<String, String> caseInsensitive(Map<String, String> headers) {
        Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((k, v) -> {
                if (k != null && v != null) {
                    out.put(k, v);
                }
            });
        }
        return out;
    }

    /** JSON pointer escaping of one reference token (RFC 6901). */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /** Percent-encodes what may not appear in a URI fragment. */
    private static String encodeFragment(String pointer) {
        StringBuilder sb = new StringBuilder();
        for (byte b : pointer.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "-._~!$&'()*+,;=:@/?".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }

    private static String decodeFragment(String fragment) {
        return fragment.indexOf('%') >= 0
                ? URLDecoder.decode(fragment.replace("+", "%2B"), StandardCharsets.UTF_8)
                : fragment;
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : (j < 0 ? i : Math.min(i, j));
    }

    private static String abbreviate(String s) {
        return s.length() <= 500 ? s : s.substring(0, 500) + "... (" + s.length() + " chars)";
    }

    /** Turns a SnakeYAML tree into plain JSON types, with string keys. */
    private static Object plain(Object node, String at) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                out.put(key, plain(e.getValue(), at + "." + key));
            }
            return out;
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                out.add(plain(list.get(i), at + "[" + i + "]"));
            }
            return out;
        }
        if (node == null || node instanceof String || node instanceof Boolean || node instanceof Number) {
            return node;
        }
        throw new IllegalStateException(
                "unexpected YAML value at " + at + ": " + node.getClass().getName() + " (quote it)");
    }

    // ------------------------------------------------------------------ types

    /**
     * The schema extension {@code x-max-utf8-bytes: N}: a string must be at most N bytes in UTF-8 (JSON Schema's
     * {@code maxLength} counts characters).
     */
    private static final class MaxUtf8Bytes implements Keyword {
        static final String NAME = "x-max-utf8-bytes";

        @Override
        public String getValue() {
            return NAME;
        }

        @Override
        public KeywordValidator newValidator(
                SchemaLocation location, JsonNode value, Schema parent, SchemaContext context) {
            if (!value.canConvertToExactIntegral() || value.asLong() < 0) {
                throw new IllegalStateException(NAME + " must be a non-negative integer at " + location);
            }
            long max = value.asLong();
            return new AbstractKeywordValidator(this, value, location) {
                @Override
                public void validate(ExecutionContext execution, JsonNode node, JsonNode root, NodePath at) {
                    if (!node.isString()) {
                        return;
                    }
                    int bytes = node.asString().getBytes(StandardCharsets.UTF_8).length;
                    if (bytes > max) {
                        execution.addError(Error.builder()
                                .keyword(NAME)
                                .instanceLocation(at)
                                .schemaLocation(location)
                                .evaluationPath(execution.getEvaluationPath())
                                .instanceNode(node)
                                .schemaNode(value)
                                .arguments(max)
                                .messageSupplier(
                                        () -> "is " + bytes + " UTF-8 bytes, more than the " + max + " allowed")
                                .build());
                    }
                }
            };
        }
    }

    private record Resolved(JsonNode node, String pointer) {}

    private record Match(PathTemplate template, Map<String, String> params) {}

    private static final class PathTemplate {
        final String template;
        final String pointer;
        final JsonNode node;
        final List<String> segments;
        final int literalCount;

        PathTemplate(String template, String pointer, JsonNode node) {
            this.template = template;
            this.pointer = pointer;
            this.node = node;
            this.segments = segments(template);
            this.literalCount = (int) segments.stream().filter(s -> !isParam(s)).count();
        }

        static boolean isParam(String segment) {
            return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
        }

        /** The path parameters if the concrete segments match, else null. */
        Map<String, String> match(List<String> concrete) {
            if (concrete.size() != segments.size()) {
                return null;
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < segments.size(); i++) {
                String expected = segments.get(i);
                String actual = concrete.get(i);
                if (isParam(expected)) {
                    if (actual.isEmpty()) {
                        return null;
                    }
                    params.put(
                            expected.substring(1, expected.length() - 1),
                            URLDecoder.decode(actual.replace("+", "%2B"), StandardCharsets.UTF_8));
                } else if (!expected.equals(actual)) {
                    return null;
                }
            }
            return Collections.unmodifiableMap(params);
        }
    }

    private record MediaType(String type, String charset) {
        static MediaType parse(String header) {
            String[] parts = header.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            String charset = null;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                int eq = p.indexOf('=');
                if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase("charset")) {
                    charset = p.substring(eq + 1).trim().replace("\"", "");
                }
            }
            return new MediaType(type, charset);
        }

        boolean matches(String declared) {
            String d = declared.toLowerCase(Locale.ROOT);
            if (d.equals(type) || d.equals("*/*")) {
                return true;
            }
            return d.endsWith("/*") && type.startsWith(d.substring(0, d.length() - 1));
        }

        boolean isJson() {
            return type.equals("application/json") || type.endsWith("+json");
        }
    }
}
