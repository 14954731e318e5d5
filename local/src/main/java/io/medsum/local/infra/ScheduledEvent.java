package io.medsum.local.infra;

import java.time.Duration;

/** A SAM {@code Schedule} event: the function runs every {@code period} ({@code expression} as written). */
public record ScheduledEvent(String functionLogicalId, String eventName, String expression, Duration period) {}
