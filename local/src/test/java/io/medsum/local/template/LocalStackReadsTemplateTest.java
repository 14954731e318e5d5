package io.medsum.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medsum.common.config.EnvNames;
import io.medsum.local.LocalPipeline;
import io.medsum.local.infra.FunctionDefinition;
import io.medsum.local.infra.TemplateSettings;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The local stack runs with the values template.yaml gives AWS: each function's environment (with local names for the
 * table and queues), the queue's visibility and redrive, and the worker's event source mapping. A value changed in the
 * template changes the local stack with it.
 */
class LocalStackReadsTemplateTest {
    private static final TemplateSettings TEMPLATE = TemplateSettings.fromProjectTemplate();
    private static LocalPipeline pipeline;

    @BeforeAll
    static void start() {
        pipeline = LocalPipeline.start(LocalPipeline.Options.inMemory());
    }

    @AfterAll
    static void stop() {
        pipeline.close();
    }

    @Test
    void everyFunctionRunsWithItsTemplateEnvironment() {
        for (FunctionDefinition function : TEMPLATE.functions()) {
            Map<String, String> declared = TEMPLATE.environment(
                            function.logicalId(), pipeline.resources(), pipeline.apiUrl())
                    .variables();

            assertThat(declared.keySet())
                    .as(function.logicalId())
                    .isEqualTo(function.environment().keySet());
            assertThat(pipeline.environment(function.logicalId()))
                    .as(function.logicalId())
                    .containsAllEntriesOf(declared);
        }
    }

    @Test
    void theLocalQueueHasTheTemplatesVisibilityAndRedrive() throws Exception {
        Map<QueueAttributeName, String> attributes = pipeline.sqs()
                .getQueueAttributes(b -> b.queueUrl(pipeline.resources().queueUrl())
                        .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT, QueueAttributeName.REDRIVE_POLICY))
                .attributes();

        assertThat(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT))
                .isEqualTo(String.valueOf(TEMPLATE.queue().visibilityTimeoutSeconds()));
        JsonNode redrive = new ObjectMapper().readTree(attributes.get(QueueAttributeName.REDRIVE_POLICY));
        assertThat(redrive.get("deadLetterTargetArn").asText())
                .isEqualTo(pipeline.resources().dlqArn());
        assertThat(redrive.get("maxReceiveCount").asInt())
                .isEqualTo(TEMPLATE.queue().redrivePolicy().maxReceiveCount());
    }

    @Test
    void theLocalEventSourceMappingIsTheTemplates() {
        assertThat(pipeline.template().workerEventSource()).isEqualTo(TEMPLATE.workerEventSource());
        assertThat(pipeline.template().function(LocalPipeline.WORKER))
                .isEqualTo(TEMPLATE.function(LocalPipeline.WORKER));
        assertThat(pipeline.template().sqsEventSources()).isEqualTo(TEMPLATE.sqsEventSources());
    }

    @Test
    void theNotificationsQueueHasTheTemplatesVisibilityAndRedrive() throws Exception {
        String queueUrl = pipeline.resources().ref(TemplateSettings.NOTIFICATIONS_QUEUE_ID);
        Map<QueueAttributeName, String> attributes = pipeline.sqs()
                .getQueueAttributes(b -> b.queueUrl(queueUrl)
                        .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT, QueueAttributeName.REDRIVE_POLICY))
                .attributes();
        var declared = TEMPLATE.queue(TemplateSettings.NOTIFICATIONS_QUEUE_ID);

        assertThat(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT))
                .isEqualTo(String.valueOf(declared.visibilityTimeoutSeconds()));
        JsonNode redrive = new ObjectMapper().readTree(attributes.get(QueueAttributeName.REDRIVE_POLICY));
        assertThat(redrive.get("deadLetterTargetArn").asText())
                .isEqualTo(pipeline.resources().arn(declared.redrivePolicy().deadLetterQueueLogicalId()));
        assertThat(redrive.get("maxReceiveCount").asInt())
                .isEqualTo(declared.redrivePolicy().maxReceiveCount());
    }

    @Test
    void theFunctionsThatCheckWebhookDestinationsAloneMayDeliverToLoopback() {
        for (FunctionDefinition function : TEMPLATE.functions()) {
            boolean checksDestinations = function.environment().containsKey(EnvNames.WEBHOOK_ALLOWED_HOSTS);
            Map<String, String> environment = pipeline.environment(function.logicalId());

            assertThat(environment.get(EnvNames.WEBHOOK_ALLOW_LOOPBACK))
                    .as(function.logicalId())
                    .isEqualTo(checksDestinations ? "true" : null);
            assertThat(environment.get("AWS_ENDPOINT_URL_EVENTBRIDGE"))
                    .as(function.logicalId() + " reaches the local bus")
                    .isEqualTo(pipeline.services().endpoint().toString());
        }
        assertThat(pipeline.environment(LocalPipeline.NOTIFIER)).containsEntry(EnvNames.WEBHOOK_ALLOW_LOOPBACK, "true");
        assertThat(pipeline.environment(LocalPipeline.WEBHOOKS)).containsEntry(EnvNames.WEBHOOK_ALLOW_LOOPBACK, "true");
    }

    @Test
    void theApiUrlTheFunctionsKnowIsTheGatewaysOwn() {
        assertThat(pipeline.environment(LocalPipeline.WORKER))
                .containsEntry(EnvNames.API_URL, pipeline.apiUrl().toString());
        assertThat(pipeline.environment(LocalPipeline.RECONCILER))
                .containsEntry(EnvNames.API_URL, pipeline.apiUrl().toString());
    }
}
