package io.medsum.local.infra;

import java.util.List;

/**
 * An {@code AWS::Events::Rule} of the template resolved for the local stack: its bus, its event pattern as the JSON
 * PutRule takes, and its targets with the ARNs of the local resources they name.
 *
 * @param eventBusName the bus's name; {@code default} when the rule names none
 */
public record EventRuleDefinition(
        String logicalId,
        String eventBusName,
        String eventPattern,
        String state,
        String description,
        List<Target> targets) {

    public EventRuleDefinition {
        targets = List.copyOf(targets);
    }

    /**
     * One target: where matched events go, and where they go when that fails.
     *
     * @param deadLetterArn the DeadLetterConfig queue's ARN, or null
     * @param maximumRetryAttempts RetryPolicy.MaximumRetryAttempts, or null when the template leaves the default
     * @param maximumEventAgeSeconds RetryPolicy.MaximumEventAgeInSeconds, or null likewise
     */
    public record Target(
            String id,
            String arn,
            String deadLetterArn,
            Integer maximumRetryAttempts,
            Integer maximumEventAgeSeconds) {}
}
