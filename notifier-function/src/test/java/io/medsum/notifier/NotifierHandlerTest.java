package io.medsum.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.medsum.common.config.Settings;
import io.medsum.notifier.testing.ElasticMq;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Lambda entry point, built from its environment, on a queue of ElasticMQ's. */
class NotifierHandlerTest {
    private static ElasticMq elasticMq;

    @BeforeAll
    static void start() {
        elasticMq = ElasticMq.shared();
    }

    private static final Context CONTEXT = new Context() {
        @Override
        public String getAwsRequestId() {
            return "test-request";
        }

        @Override
        public String getLogGroupName() {
            return "/medsum/test/notifier";
        }

        @Override
        public String getLogStreamName() {
            return "test";
        }

        @Override
        public String getFunctionName() {
            return "NotifierFunction";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:eu-west-1:000000000000:function:NotifierFunction";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 60_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 512;
        }

        @Override
        public LambdaLogger getLogger() {
            return null;
        }
    };

    @Test
    void anUnreadableMessageIsDeadLetteredAndAcknowledged() {
        String queueUrl = elasticMq.createQueue("handler-notifications");
        String dlqUrl = elasticMq.createQueue("handler-notifications-dlq");
        Map<String, String> env = new HashMap<>(ElasticMq.settings(elasticMq.endpoint()));
        env.putAll(Map.of(
                "WEBHOOKS_TABLE_NAME",
                "Webhooks",
                "WEBHOOK_SECRET_PREFIX",
                "medsum/test/webhooks",
                "NOTIFICATIONS_QUEUE_URL",
                queueUrl,
                "NOTIFICATIONS_DLQ_URL",
                dlqUrl));
        NotifierHandler handler = new NotifierHandler(new Settings(env));
        elasticMq.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody("not a notification"));

        List<SQSBatchResponse> responses = new ArrayList<>();
        elasticMq.pump(
                queueUrl,
                event -> {
                    SQSBatchResponse response = handler.handleRequest(event, CONTEXT);
                    responses.add(response);
                    return response;
                },
                5);

        assertThat(responses)
                .singleElement()
                .satisfies(r -> assertThat(r.getBatchItemFailures()).isEmpty());
        assertThat(elasticMq.receive(dlqUrl, 10, 1))
                .singleElement()
                .satisfies(letter -> assertThat(letter.body()).isEqualTo("not a notification"));
    }

    @Test
    void anEmptyEventIsAnEmptyAnswer() {
        Map<String, String> env = new HashMap<>(ElasticMq.settings(elasticMq.endpoint()));
        env.putAll(Map.of(
                "WEBHOOKS_TABLE_NAME", "Webhooks",
                "WEBHOOK_SECRET_PREFIX", "medsum/test/webhooks",
                "NOTIFICATIONS_QUEUE_URL", "http://127.0.0.1:1/000000000000/none",
                "NOTIFICATIONS_DLQ_URL", "http://127.0.0.1:1/000000000000/none-dlq"));

        SQSBatchResponse response = new NotifierHandler(new Settings(env)).handleRequest(new SQSEvent(), CONTEXT);

        assertThat(response.getBatchItemFailures()).isEmpty();
    }
}
