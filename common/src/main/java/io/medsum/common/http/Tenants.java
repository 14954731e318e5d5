package io.medsum.common.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Tenant ids: who owns a report. An API key's tenant is a fingerprint of the key (the Lambda proxy event carries the
 * key, not its id or name, and a fingerprint names the key without storing it). An IAM caller's tenant is its
 * principal, with an assumed role's session name dropped: every session of one client role is the same client.
 */
public final class Tenants {
    public static final String ANONYMOUS = "anonymous";
    private static final String API_KEY_PREFIX = "apikey:";
    private static final String IAM_PREFIX = "iam:";
    private static final int FINGERPRINT_HEX_DIGITS = 20;
    /** arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION. */
    private static final Pattern ASSUMED_ROLE =
            Pattern.compile("^arn:([a-z-]+):sts::([0-9]{12}):assumed-role/([^/]+)/.+$");
    /** arn:PARTITION:iam::ACCOUNT:role/PATH/ROLE, as a role is named in configuration. */
    private static final Pattern ROLE = Pattern.compile("^arn:([a-z-]+):iam::([0-9]{12}):role/(?:.*/)?([^/]+)$");

    private Tenants() {}

    /** The tenant of an API key: {@code apikey:} and the first 20 hex digits of the key's SHA-256. */
    public static String ofApiKey(String apiKey) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            return API_KEY_PREFIX + HexFormat.of().formatHex(hash).substring(0, FINGERPRINT_HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The tenant of an IAM caller: its ARN, an assumed role's session name removed. */
    public static String ofPrincipalArn(String arn) {
        Matcher assumed = ASSUMED_ROLE.matcher(arn);
        if (assumed.matches()) {
            return IAM_PREFIX + "arn:" + assumed.group(1) + ":sts::" + assumed.group(2) + ":assumed-role/"
                    + assumed.group(3);
        }
        return IAM_PREFIX + arn;
    }

    /**
     * A tenant as an operator configures it (the CrossTenantReaders parameter): a tenant id as {@code ./medsum keys}
     * prints it, or an IAM role or user ARN, which this turns into the tenant its callers get.
     */
    public static String ofConfigured(String entry) {
        String trimmed = entry.trim();
        if (trimmed.startsWith(API_KEY_PREFIX) || trimmed.startsWith(IAM_PREFIX)) {
            return trimmed;
        }
        Matcher role = ROLE.matcher(trimmed);
        if (role.matches()) {
            return IAM_PREFIX + "arn:" + role.group(1) + ":sts::" + role.group(2) + ":assumed-role/" + role.group(3);
        }
        return ofPrincipalArn(trimmed);
    }

    /** A comma-separated list of configured tenants (blank entries ignored). */
    public static Set<String> parseList(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(commaSeparated.split(","))
                .filter(entry -> !entry.isBlank())
                .map(Tenants::ofConfigured)
                .collect(Collectors.toUnmodifiableSet());
    }
}
