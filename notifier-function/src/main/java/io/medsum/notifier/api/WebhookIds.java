package io.medsum.notifier.api;

import io.medsum.common.domain.ReportIds;
import java.util.regex.Pattern;

/**
 * Webhook ids: {@code wh_} + a ULID, drawn like report ids ({@link ReportIds}: a time prefix, so a tenant's webhooks
 * list oldest first, and 80 fresh secure random bits, so no id says anything about another).
 */
public final class WebhookIds {
    public static final String PREFIX = "wh_";
    private static final Pattern FORMAT = Pattern.compile("^wh_[0-9A-HJKMNP-TV-Z]{26}$");

    private WebhookIds() {}

    public static String next() {
        return PREFIX + ReportIds.next().substring(ReportIds.PREFIX.length());
    }

    public static boolean isValid(String webhookId) {
        return webhookId != null && FORMAT.matcher(webhookId).matches();
    }
}
