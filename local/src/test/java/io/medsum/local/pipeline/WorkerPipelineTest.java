package io.medsum.local.pipeline;

import static io.medsum.local.pipeline.PipelineTestSupport.drain;
import static io.medsum.local.pipeline.PipelineTestSupport.newPatient;
import static io.medsum.local.pipeline.PipelineTestSupport.peek;
import static io.medsum.local.pipeline.PipelineTestSupport.rawItem;
import static io.medsum.local.pipeline.PipelineTestSupport.record;
import static io.medsum.local.pipeline.PipelineTestSupport.report;
import static io.medsum.local.pipeline.PipelineTestSupport.sampleText;
import static io.medsum.local.pipeline.PipelineTestSupport.store;
import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.common.domain.FailureCode;
import io.medsum.common.domain.ModelIds;
import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportMessage;
import io.medsum.common.domain.ReportStatus;
import io.medsum.common.notify.NotificationIds;
import io.medsum.common.ports.ReportStore;
import io.medsum.local.LocalPipeline;
import io.medsum.local.bedrock.BedrockError;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** The worker over real SQS (ElasticMQ), DynamoDB (dynalite) and Bedrock wire protocols. */
class WorkerPipelineTest extends PipelineTest {
    private int maxReceiveCount() {
        return pipeline.template().queue().redrivePolicy().maxReceiveCount();
    }

    private String submit(String patientId) {
        var response = api.postJson("/summarize", report(patientId, sampleText()));
        assertThat(response.status()).isEqualTo(202);
        return response.json().get("reportId").asText();
    }

    private Report recordOf(String patientId, String reportId) {
        return record(pipeline, patientId, reportId).orElseThrow();
    }

    @Test
    void aSubmittedReportReachesSuccessWithSummaryTokensAndModel() {
        String patient = newPatient();
        String reportId = submit(patient);

        drain(pipeline);

        var view = api.get("/reports/" + patient + "/" + reportId);
        assertThat(view.status()).isEqualTo(200);
        assertThat(view.json().get("status").asText()).isEqualTo("SUCCESS");
        assertThat(view.json().get("summary").asText()).isNotBlank().contains("pneumonia");
        assertThat(view.json().get("summarySource").asText()).isEqualTo("model");
        assertThat(view.json().get("modelId").asText()).isEqualTo(ModelIds.DEFAULT);
        assertThat(view.json().get("tokens").get("input").asInt()).isPositive();
        assertThat(view.json().get("attempts").asInt()).isEqualTo(1);
        assertThat(view.header("Retry-After")).isNull();

        var item = rawItem(pipeline, patient, reportId);
        assertThat(item.get("ProcessingStatus").s()).isEqualTo("SUCCESS");
        assertThat(item.get("OriginalText").s()).isEqualTo(sampleText());
        assertThat(item).doesNotContainKeys("ClaimToken", "LeaseUntil", "AwaitingEnqueueSince", "EnqueueShard");
        assertThat(Long.parseLong(item.get("ExpiresAt").n())
                        - Long.parseLong(item.get("CreatedAt").n()))
                .isEqualTo(90L * 86400);
        assertThat(pipeline.bedrock().counters().totalCalls()).isEqualTo(1);
    }

    @Test
    void aDuplicateDeliveryOfAFinishedReportIsAcknowledgedWithoutAModelCall() {
        String patient = newPatient();
        String reportId = submit(patient);
        drain(pipeline);
        pipeline.sqs()
                .sendMessage(b -> b.queueUrl(pipeline.resources().queueUrl())
                        .messageBody(ReportMessage.encode(new ReportKey(patient, reportId))));

        drain(pipeline);

        assertThat(pipeline.bedrock().counters().totalCalls()).isEqualTo(1);
        assertThat(recordOf(patient, reportId).attempts()).isEqualTo(1);
        assertThat(peek(pipeline, pipeline.resources().dlqUrl())).isEmpty();
    }

    @Test
    void concurrentDeliveriesOfOneReportCallTheModelOnce() {
        String patient = newPatient();
        String reportId = submit(patient);
        for (int i = 0; i < 9; i++) {
            pipeline.sqs()
                    .sendMessage(b -> b.queueUrl(pipeline.resources().queueUrl())
                            .messageBody(ReportMessage.encode(new ReportKey(patient, reportId))));
        }
        pipeline.bedrock().faults().latencyMs(300); // keep the first claim busy while the others arrive

        drain(pipeline); // one batch of ten, processed on ten threads at once

        assertThat(pipeline.bedrock().counters().totalCalls()).isEqualTo(1);
        assertThat(recordOf(patient, reportId).status()).isEqualTo(ReportStatus.SUCCESS);
    }

    @Test
    void aThrottledCallReturnsTheReportToPendingAndALaterDeliverySucceeds() {
        pipeline.bedrock().faults().errorRate(1.0).errorKind(BedrockError.THROTTLING);
        String patient = newPatient();
        String reportId = submit(patient);

        assertThat(pipeline.deliverOnce()).isEqualTo(1);

        Report afterThrottle = recordOf(patient, reportId);
        assertThat(afterThrottle.status()).isEqualTo(ReportStatus.PENDING);
        assertThat(afterThrottle.lastErrorCode()).isEqualTo(FailureCode.MODEL_THROTTLED);
        assertThat(afterThrottle.attempts()).isEqualTo(1);

        pipeline.bedrock().faults().clear();
        drain(pipeline);

        Report done = recordOf(patient, reportId);
        assertThat(done.status()).isEqualTo(ReportStatus.SUCCESS);
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(done.lastErrorCode()).isNull();
        assertThat(pipeline.bedrock().counters().throttledCalls()).isEqualTo(1);
    }

    @Test
    void whenRetriesRunOutTheReportFailsAndTheMessageGoesToTheDeadLetterQueue() {
        pipeline.bedrock().faults().errorRate(1.0).errorKind(BedrockError.SERVICE_UNAVAILABLE);
        String patient = newPatient();
        String reportId = submit(patient);

        drain(pipeline);

        Report failed = recordOf(patient, reportId);
        assertThat(failed.status()).isEqualTo(ReportStatus.FAILED);
        assertThat(failed.lastErrorCode()).isEqualTo(FailureCode.RETRIES_EXHAUSTED);
        assertThat(failed.attempts()).isEqualTo(maxReceiveCount());
        assertThat(pipeline.bedrock().counters().totalCalls()).isEqualTo(maxReceiveCount());
        List<Message> dead = peek(pipeline, pipeline.resources().dlqUrl());
        assertThat(dead).hasSize(1);
        assertThat(ReportMessage.decode(dead.get(0).body())).contains(new ReportKey(patient, reportId));

        var view = api.get("/reports/" + patient + "/" + reportId).json();
        assertThat(view.get("status").asText()).isEqualTo("FAILED");
        assertThat(view.get("error").get("code").asText()).isEqualTo("RETRIES_EXHAUSTED");
    }

    @Test
    void aRedrivenFailedReportIsProcessedAgainAndSucceeds() {
        pipeline.bedrock().faults().errorRate(1.0).errorKind(BedrockError.THROTTLING);
        String patient = newPatient();
        String reportId = submit(patient);
        drain(pipeline);
        assertThat(recordOf(patient, reportId).status()).isEqualTo(ReportStatus.FAILED);

        pipeline.bedrock().faults().clear();
        Message dead = peek(pipeline, pipeline.resources().dlqUrl()).get(0);
        pipeline.sqs()
                .sendMessage(b -> b.queueUrl(pipeline.resources().queueUrl()).messageBody(dead.body()));
        pipeline.sqs()
                .deleteMessage(b -> b.queueUrl(pipeline.resources().dlqUrl()).receiptHandle(dead.receiptHandle()));
        drain(pipeline);

        Report done = recordOf(patient, reportId);
        assertThat(done.status()).isEqualTo(ReportStatus.SUCCESS);
        assertThat(done.lastErrorCode()).isNull();
    }

    @Test
    void aPermanentModelErrorFailsTheReportAtOnce() {
        pipeline.bedrock().faults().errorRate(1.0).errorKind(BedrockError.VALIDATION);
        String patient = newPatient();
        String reportId = submit(patient);

        drain(pipeline);

        Report failed = recordOf(patient, reportId);
        assertThat(failed.status()).isEqualTo(ReportStatus.FAILED);
        assertThat(failed.lastErrorCode()).isEqualTo(FailureCode.MODEL_VALIDATION);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(pipeline.bedrock().counters().totalCalls()).isEqualTo(1);
        assertThat(peek(pipeline, pipeline.resources().dlqUrl())).isEmpty();
    }

    @Test
    void aConfigurationErrorIsRetriedThenFailsWithItsOwnCode() {
        pipeline.bedrock().faults().errorRate(1.0).errorKind(BedrockError.ACCESS_DENIED);
        String patient = newPatient();
        String reportId = submit(patient);

        drain(pipeline);

        Report failed = recordOf(patient, reportId);
        assertThat(failed.status()).isEqualTo(ReportStatus.FAILED);
        assertThat(failed.lastErrorCode()).isEqualTo(FailureCode.MODEL_ACCESS_DENIED);
        assertThat(failed.attempts()).isEqualTo(maxReceiveCount());
        assertThat(peek(pipeline, pipeline.resources().dlqUrl())).hasSize(1);
    }

    @Test
    void aPoisonMessageGoesToTheDeadLetterQueueWithoutFailingItsBatch() {
        String patient = newPatient();
        String reportId = submit(patient);
        pipeline.sqs()
                .sendMessage(b -> b.queueUrl(pipeline.resources().queueUrl()).messageBody("{\"not\": \"a report\"}"));

        drain(pipeline);

        assertThat(recordOf(patient, reportId).status()).isEqualTo(ReportStatus.SUCCESS);
        List<Message> dead = peek(pipeline, pipeline.resources().dlqUrl());
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).body()).isEqualTo("{\"not\": \"a report\"}");
        assertThat(dead.get(0).messageAttributes().get("FailureCode").stringValue())
                .isEqualTo("MALFORMED_MESSAGE");
    }

    @Test
    void aMessageForAReportThatDoesNotExistIsAcknowledged() {
        pipeline.sqs()
                .sendMessage(b -> b.queueUrl(pipeline.resources().queueUrl())
                        .messageBody(ReportMessage.encode(
                                new ReportKey(newPatient(), io.medsum.common.domain.ReportIds.next()))));

        drain(pipeline);

        assertThat(pipeline.bedrock().counters().totalCalls()).isZero();
        assertThat(peek(pipeline, pipeline.resources().dlqUrl())).isEmpty();
    }

    @Test
    void aDeadWorkersExpiredClaimIsTakenOver() {
        String patient = newPatient();
        String reportId = submit(patient);
        long now = Instant.now().getEpochSecond();
        var claim = store(pipeline).claim(new ReportKey(patient, reportId), "dead-worker", now - 200, now - 1);
        assertThat(claim).isInstanceOf(ReportStore.Claim.Claimed.class);

        drain(pipeline);

        Report done = recordOf(patient, reportId);
        assertThat(done.status()).isEqualTo(ReportStatus.SUCCESS);
        assertThat(done.attempts()).isEqualTo(2);
    }

    @Test
    void aDeliveryThatFindsALiveClaimComesBackAfterTheLeaseInsteadOfBeingDropped() {
        String patient = newPatient();
        String reportId = submit(patient);
        long now = Instant.now().getEpochSecond();
        store(pipeline).claim(new ReportKey(patient, reportId), "live-worker", now, now + 2);

        assertThat(pipeline.deliverOnce()).isEqualTo(1);

        assertThat(pipeline.bedrock().counters().totalCalls())
                .as("no model call while the claim is live")
                .isZero();
        assertThat(recordOf(patient, reportId).status()).isEqualTo(ReportStatus.PROCESSING);
        assertThat(pipeline.queueDepth(pipeline.resources().queueUrl()))
                .as("the message is kept")
                .isEqualTo(1);
        assertThat(store(pipeline)
                        .succeed(
                                new ReportKey(patient, reportId),
                                "someone-else",
                                new ReportStore.SummaryResult("x", "model", "m", 1, 1),
                                now,
                                NotificationIds.next()))
                .as("fenced by the token")
                .isFalse();

        drain(pipeline); // the holder never finishes: after its lease the kept delivery does

        assertThat(recordOf(patient, reportId).status()).isEqualTo(ReportStatus.SUCCESS);
        assertThat(pipeline.bedrock().counters().totalCalls()).isEqualTo(1);
    }

    @Test
    void aFoundationModelIdIsCalledThroughConverseLikeAnInferenceProfile() {
        try (LocalPipeline converse = PipelineTestSupport.start(Map.of("MODEL_ID", "amazon.nova-micro-v1:0"))) {
            String patient = newPatient();
            var response = new ApiClient(converse).postJson("/summarize", report(patient, sampleText()));
            String reportId = response.json().get("reportId").asText();

            drain(converse);

            Report done = record(converse, patient, reportId).orElseThrow();
            assertThat(done.status()).isEqualTo(ReportStatus.SUCCESS);
            assertThat(done.modelId()).isEqualTo("amazon.nova-micro-v1:0");
            assertThat(converse.bedrock().counters().calls(io.medsum.local.bedrock.BedrockOperation.CONVERSE))
                    .isEqualTo(1);
        }
    }

    @Test
    void theFallbackSummarizerTurnsAFailedModelPathIntoAMarkedSuccess() {
        try (LocalPipeline withFallback = PipelineTestSupport.start(Map.of("FALLBACK_SUMMARIZER", "true"))) {
            withFallback.bedrock().faults().errorRate(1.0).errorKind(BedrockError.VALIDATION);
            String patient = newPatient();
            var client = new ApiClient(withFallback);
            String reportId = client.postJson("/summarize", report(patient, sampleText()))
                    .json()
                    .get("reportId")
                    .asText();

            drain(withFallback);

            var view = client.get("/reports/" + patient + "/" + reportId).json();
            assertThat(view.get("status").asText()).isEqualTo("SUCCESS");
            assertThat(view.get("summarySource").asText()).isEqualTo("fallback");
            assertThat(view.get("summary").asText()).isNotBlank();
        }
    }

    @Test
    void everyMessageOfABatchGetsItsOwnOutcome() {
        String ok = newPatient();
        String okId = submit(ok);
        String unknown = UUID.randomUUID().toString();
        pipeline.sqs()
                .sendMessage(b -> b.queueUrl(pipeline.resources().queueUrl()).messageBody(unknown));

        drain(pipeline);

        assertThat(recordOf(ok, okId).status()).isEqualTo(ReportStatus.SUCCESS);
        assertThat(peek(pipeline, pipeline.resources().dlqUrl()))
                .extracting(Message::body)
                .containsExactly(unknown);
    }
}
