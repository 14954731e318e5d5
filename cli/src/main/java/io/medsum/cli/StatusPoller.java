package io.medsum.cli;

import io.medsum.cli.api.MedsumApi;
import java.io.IOException;
import java.time.Duration;

/** Polls one report until it is SUCCESS or FAILED, waiting as long as the API's Retry-After says. */
final class StatusPoller {
    private final MedsumApi api;
    private final Duration giveUpAfter;

    StatusPoller(MedsumApi api) {
        this(api, Duration.ofMinutes(30));
    }

    StatusPoller(MedsumApi api, Duration giveUpAfter) {
        this.api = api;
        this.giveUpAfter = giveUpAfter;
    }

    MedsumApi.Answer awaitTerminal(String statusUrl) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + giveUpAfter.toNanos();
        while (true) {
            MedsumApi.Answer answer = api.get(statusUrl);
            if (!answer.ok()) {
                throw new IOException("Polling failed: " + answer.problem());
            }
            if (isTerminal(answer.body().path("status").asText())) {
                return answer;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(
                        "Gave up waiting after " + giveUpAfter.toMinutes() + " minutes; the report is still "
                                + answer.body().path("status").asText());
            }
            Thread.sleep(Math.max(1, answer.retryAfterSeconds()) * 1000);
        }
    }

    static boolean isTerminal(String status) {
        return status.equals("SUCCESS") || status.equals("FAILED");
    }
}
