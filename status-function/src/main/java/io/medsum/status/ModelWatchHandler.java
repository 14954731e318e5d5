package io.medsum.status;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.medsum.common.aws.AwsClientFactory;
import io.medsum.common.config.Settings;
import io.medsum.common.observability.PowertoolsPipelineMetrics;
import io.medsum.common.ports.PipelineMetrics;
import io.medsum.common.priming.Priming;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Scheduled Lambda entry point that watches the configured model's lifecycle like any other dependency:
 * {@code ModelNotActive} is 1 while the model is Legacy or unknown to Bedrock (ModelNotActiveAlarm fires on it), and
 * {@code ModelDaysToEndOfLife} counts down once Bedrock gives a date. An unreadable control plane records nothing: it
 * says neither "fine" nor "retired". A CRaC {@link Resource} like every function here: SnapStart primes its
 * control-plane reads in a dry run.
 */
public final class ModelWatchHandler implements RequestHandler<Map<String, Object>, Map<String, Object>>, Resource {
    private static final Logger LOG = LoggerFactory.getLogger(ModelWatchHandler.class);

    private final AwsClientFactory clients;
    private final String modelId;
    private final ModelLifecycleReader reader;
    private final PipelineMetrics metrics;
    private final Clock clock;

    public ModelWatchHandler() {
        this(Settings.fromSystemEnvironment());
    }

    public ModelWatchHandler(Settings settings) {
        StatusWiring wiring = new StatusWiring(settings);
        this.clients = wiring.clients;
        this.modelId = wiring.modelId;
        this.reader = wiring.modelLifecycle;
        this.metrics = new PowertoolsPipelineMetrics();
        this.clock = Clock.systemUTC();
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to renew.
    }

    Priming prime() {
        return new Priming("model-watch")
                .step(
                        "Bedrock GetInferenceProfile or GetFoundationModel (dry run)",
                        () -> clients.dryRun(() -> reader.read(modelId)))
                .done();
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> scheduledEvent, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            ModelLifecycle lifecycle = reader.read(modelId);
            try {
                if (lifecycle.status() != ModelLifecycle.Status.UNVERIFIED) {
                    metrics.modelLifecycle(
                            lifecycle.status().needsAttention(),
                            lifecycle
                                    .endOfLife()
                                    .map(date -> Math.max(
                                            0,
                                            Duration.between(clock.instant(), date)
                                                    .toDays()))
                                    .orElse(-1L));
                }
            } finally {
                metrics.flush();
            }
            if (lifecycle.status().needsAttention()) {
                LOG.warn(
                        "Model {} is {}{}: follow the model-switch runbook (docs/deploy.md)",
                        modelId,
                        lifecycle.status(),
                        lifecycle
                                .endOfLife()
                                .map(date -> ", end of life " + date)
                                .orElse(""));
            } else {
                LOG.info("Model {} is {}", modelId, lifecycle.status());
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("modelId", modelId);
            result.put("lifecycle", lifecycle.status().name());
            lifecycle.endOfLife().ifPresent(date -> result.put("endOfLife", date.toString()));
            return result;
        });
    }
}
