package io.medsum.worker;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportMessage;
import io.medsum.common.json.Json;
import io.medsum.common.ports.WorkQueue;
import io.medsum.common.priming.Priming;
import io.medsum.common.priming.SampleRequests;
import io.medsum.worker.grounding.GroundingCheckException;
import io.medsum.worker.model.PromptBuilder;
import java.util.List;
import java.util.Map;

/**
 * What the worker warms before its SnapStart snapshot (see {@link Priming} for the rules): message decoding, the
 * prompt, the model response's JSON, and its Bedrock, DynamoDB, EventBridge and SQS calls in a dry run. It never claims
 * a report: a claim writes, and its token must come from a generator seeded after the restore.
 */
final class WorkerPriming {
    private static final String CONVERSE_RESPONSE = Json.write(Map.of(
            "output",
                    Map.of(
                            "message",
                            Map.of(
                                    "role",
                                    "assistant",
                                    "content",
                                    List.of(Map.of("text", "Viral infection; fluids.")))),
            "stopReason", "end_turn",
            "usage", Map.of("inputTokens", 120, "outputTokens", 20, "totalTokens", 140),
            "metrics", Map.of("latencyMs", 300)));

    private final WorkerWiring wiring;

    WorkerPriming(WorkerWiring wiring) {
        this.wiring = wiring;
    }

    Priming run() {
        return new Priming("worker")
                .step(
                        "decode a queue message",
                        () -> ReportMessage.decode(ReportMessage.encode(
                                        new ReportKey("PRIMING", SampleRequests.ABSENT_REPORT.reportId())))
                                .orElseThrow(() -> new IllegalStateException("sample message did not decode")))
                .step("build a prompt and read a model response", () -> {
                    var prompts = new PromptBuilder(256);
                    prompts.instructions();
                    prompts.reportBlock(SampleRequests.REPORT_TEXT);
                    SampleRequests.json(CONVERSE_RESPONSE)
                            .path("output")
                            .path("message")
                            .path("content")
                            .path(0)
                            .path("text")
                            .asText();
                    new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure("priming")));
                })
                .step(
                        "the faithfulness check: its vocabulary and a sample summary",
                        () -> wiring.verifier.unverified(SampleRequests.REPORT_TEXT, "Viral infection; fluids."))
                .step("Bedrock Converse (dry run)", () -> wiring.clients.dryRun(() -> summarize()))
                .step("Bedrock ApplyGuardrail when the grounding check is on (dry run)", () -> {
                    if (wiring.grounding.isOn()) {
                        wiring.clients.dryRun(() -> ground());
                    }
                })
                .step(
                        "DynamoDB GetItem (dry run)",
                        () -> wiring.clients.dryRun(() -> wiring.reports.find(SampleRequests.ABSENT_REPORT)))
                .step(
                        "EventBridge PutEvents of a notification (dry run)",
                        () -> wiring.clients.dryRun(() ->
                                wiring.publisher.publish(List.of(SampleRequests.NOTIFICATION), SampleRequests.API_URL)))
                .step(
                        "SQS ChangeMessageVisibilityBatch (dry run)",
                        () -> wiring.clients.dryRun(() -> wiring.queue.delayRedelivery(
                                List.of(new WorkQueue.DelayedMessage("priming-receipt-handle", 10)))))
                .done();
    }

    private void ground() {
        try {
            wiring.grounding.assess(SampleRequests.REPORT_TEXT, "Viral infection; fluids.");
        } catch (GroundingCheckException e) {
            throw new IllegalStateException("the dry run should have stopped the call, not failed it: " + e.code(), e);
        }
    }

    private void summarize() {
        try {
            wiring.model.summarize(SampleRequests.REPORT_TEXT);
        } catch (io.medsum.common.ports.SummaryModel.ModelException e) {
            throw new IllegalStateException("the dry run should have stopped the call, not failed it: " + e.code(), e);
        }
    }
}
