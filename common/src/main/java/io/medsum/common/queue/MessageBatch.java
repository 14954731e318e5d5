package io.medsum.common.queue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.MDC;

/**
 * The one way an SQS-triggered function (the worker, the notifier) works through a batch: every message on a bounded
 * pool at once, each with the invocation's log context (function name, request id) like the handler thread, and one
 * answer per message in message order, so one bad message never fails the batch.
 */
public final class MessageBatch {
    private MessageBatch() {}

    /**
     * Runs {@code work} on every message and returns the answers in message order. A task that throws, or a wait that
     * is interrupted, answers {@code onFailure(message, cause)} (the cause is the task's exception or the
     * {@link InterruptedException}).
     */
    public static <T> List<T> runEach(
            List<SQSMessage> messages,
            ExecutorService pool,
            Function<SQSMessage, T> work,
            BiFunction<SQSMessage, Throwable, T> onFailure) {
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        List<Future<T>> futures = new ArrayList<>(messages.size());
        for (SQSMessage message : messages) {
            futures.add(pool.submit(() -> {
                if (logContext != null) {
                    MDC.setContextMap(logContext);
                }
                try {
                    return work.apply(message);
                } finally {
                    MDC.clear();
                }
            }));
        }
        List<T> answers = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            try {
                answers.add(futures.get(i).get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answers.add(onFailure.apply(messages.get(i), e));
            } catch (ExecutionException e) {
                answers.add(onFailure.apply(messages.get(i), e.getCause()));
            }
        }
        return answers;
    }

    /** SQS's ApproximateReceiveCount of the message: 1 when absent or unreadable. */
    public static int receiveCount(SQSMessage message) {
        String count =
                message.getAttributes() == null ? null : message.getAttributes().get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Math.max(1, Integer.parseInt(count));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
