package io.medsum.notifier;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.medsum.common.config.Settings;

/** Lambda entry point of the notifications queue. (Being built: issue 12.) */
public final class NotifierHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    public NotifierHandler() {
        this(Settings.fromSystemEnvironment());
    }

    public NotifierHandler(Settings settings) {
        // Wiring lands with the deliveries.
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        // Nothing is acknowledged until deliveries exist: every message stays on the queue.
        return SQSBatchResponse.builder()
                .withBatchItemFailures(event.getRecords().stream()
                        .map(m -> SQSBatchResponse.BatchItemFailure.builder()
                                .withItemIdentifier(m.getMessageId())
                                .build())
                        .toList())
                .build();
    }
}
