package io.medsum.local.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.local.LocalPipeline;
import io.medsum.local.LocalStack;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-input suite: every case of {@link HostileCases} goes over real HTTP, through the local API Gateway of
 * {@code ./medsum local}'s stack, to the real functions, and must be refused
 *
 * <ul>
 *   <li>with the exact 4xx status of its case, never a 5xx;
 *   <li>as an RFC 9457 problem ({@code application/problem+json}, {@code type}, {@code title}, {@code status} equal to
 *       the HTTP status, {@code detail}) that conforms to openapi.yaml where the operation is declared, except API
 *       Gateway's own 403 for a missing or wrong API key;
 *   <li>without echoing the case's canary in the body or the headers;
 *   <li>without writing anything: the table's items, the work queue's and the DLQ's messages (visible, in flight and
 *       delayed) are the same before and after, and the case's patient has no item.
 * </ul>
 *
 * One stack serves the whole class; nothing in it writes, so any difference is the case's doing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileRequestsTest {
    static final int MINIMUM_CASES = 150;

    private final List<HostileCase> cases = HostileCases.all();
    private final SecureRandom random = new SecureRandom();
    private LocalStack stack;
    private WireClient client;
    private WriteProbe probe;
    private WriteProbe.Snapshot baseline;

    @BeforeAll
    void startStack(@TempDir Path stateDirectory) {
        stack = LocalStack.start(new LocalStack.Config(stateDirectory, 0, true, LocalPipeline.Options.inMemory()));
        client = new WireClient(URI.create(stack.info().apiUrl()), stack.info().apiKey());
        probe = new WriteProbe(stack.pipeline());
        WriteProbe.Snapshot empty = probe.snapshot();
        assertThat(empty.tableItems()).as("a fresh stack's table").isZero();
        assertThat(empty.queue().total() + empty.dlq().total())
                .as("a fresh stack's queues")
                .isZero();
    }

    @AfterAll
    void stopStack() {
        if (probe != null) {
            probe.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theCaseTableHasAtLeast150CasesAllExpecting4xx() {
        Map<String, Long> byCategory = cases.stream()
                .collect(Collectors.groupingBy(HostileCase::category, LinkedHashMap::new, Collectors.counting()));
        System.out.println("Hostile cases by category (" + cases.size() + " in all): " + byCategory);
        assertThat(cases).hasSizeGreaterThanOrEqualTo(MINIMUM_CASES);
        assertThat(byCategory.values()).allSatisfy(count -> assertThat(count).isPositive());
        assertThat(cases).allSatisfy(c -> assertThat(c.expected().status()).isBetween(400, 499));
    }

    @TestFactory
    Stream<DynamicNode> everyHostileRequestIsRefusedWithA4xxProblemAndWritesNothing() {
        Map<String, List<DynamicNode>> byCategory = new LinkedHashMap<>();
        for (int i = 0; i < cases.size(); i++) {
            HostileCase hostile = cases.get(i);
            int index = i;
            byCategory
                    .computeIfAbsent(hostile.category(), k -> new ArrayList<>())
                    .add(DynamicTest.dynamicTest(
                            hostile.name() + " -> " + hostile.expected().status(), () -> run(hostile, index)));
        }
        return byCategory.entrySet().stream().map(e -> DynamicContainer.dynamicContainer(e.getKey(), e.getValue()));
    }

    private void run(HostileCase hostile, int index) {
        String canary = canary(index);
        WireRequest request = hostile.request().apply(canary);
        // Nothing else writes, so the state after one case is the state before the next: one look per case.
        WriteProbe.Snapshot before = baseline != null ? baseline : probe.snapshot();
        baseline = null;

        WireClient.WireResponse response = client.send(request);

        WriteProbe.Look look = probe.look(Payloads.patient(canary));
        WriteProbe.Snapshot after = look.snapshot();
        baseline = after.equals(before) ? after : null; // after a failure, look again before the next case
        List<String> problems = new ArrayList<>();
        if (response.status() >= 500) {
            problems.add("a 5xx answer: " + response.status());
        }
        if (response.status() != hostile.expected().status()) {
            problems.add("status " + response.status() + ", expected "
                    + hostile.expected().status());
        }
        switch (hostile.expected().responder()) {
            case API_GATEWAY_FORBIDDEN -> problems.addAll(ResponseChecks.forbiddenViolations(response));
            case GATEWAY_PROBLEM -> problems.addAll(ResponseChecks.problemViolations(response));
            case FUNCTION -> {
                problems.addAll(ResponseChecks.problemViolations(response));
                problems.addAll(ResponseChecks.contractViolations(request, response));
            }
        }
        if (response.status() == 405 && response.header("Allow") == null) {
            problems.add("a 405 without an Allow header (RFC 9110 15.5.6)");
        }
        problems.addAll(ResponseChecks.echoViolations(response, canary));
        if (!after.equals(before)) {
            problems.add("something was written: before " + before + ", after " + after);
        }
        if (look.patientItems() != 0) {
            problems.add("the case's patient " + Payloads.patient(canary) + " has " + look.patientItems() + " item(s)");
        }
        assertThat(problems)
                .as(
                        "%s (%s %s, canary %s) answered %d %s",
                        hostile.displayName(),
                        request.method(),
                        ResponseChecks.abbreviate(request.target()),
                        canary,
                        response.status(),
                        ResponseChecks.abbreviate(response.bodyText()))
                .isEmpty();
    }

    /** Letters and digits only, so it fits in a patient id; unique per case and per run. */
    private String canary(int index) {
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            suffix.append((char) ('a' + random.nextInt(26)));
        }
        return String.format("CNRY%03dq%s", index, suffix);
    }
}
