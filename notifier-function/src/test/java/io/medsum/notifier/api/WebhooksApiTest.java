package io.medsum.notifier.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.common.audit.AuditAction;
import io.medsum.common.audit.AuditEntries;
import io.medsum.common.audit.AuditEntry;
import io.medsum.common.http.ApiHandling;
import io.medsum.common.http.CorsPolicy;
import io.medsum.common.http.Tenants;
import io.medsum.common.json.Json;
import io.medsum.common.notify.NotificationType;
import io.medsum.common.testing.ApiEvent;
import io.medsum.common.testing.MutableClock;
import io.medsum.common.testing.RecordingAuditTrail;
import io.medsum.notifier.testing.FakeResolver;
import io.medsum.notifier.testing.InMemoryWebhookSecrets;
import io.medsum.notifier.testing.InMemoryWebhookStore;
import io.medsum.notifier.webhook.DestinationPolicy;
import io.medsum.notifier.webhook.Webhook;
import io.medsum.notifier.webhook.WebhookSecret;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The webhook registry's API: create, list, delete, each within the caller's tenant, audited, nothing half-written. */
class WebhooksApiTest {
    static final String RECEIVER = "https://hooks.example.org/medsum";
    static final String OTHER_KEY = "another-hospitals-key";
    static final int CAP = 3;

    final MutableClock clock = MutableClock.at("2026-12-02T10:00:00Z");
    final InMemoryWebhookStore store = new InMemoryWebhookStore();
    final InMemoryWebhookSecrets secrets = new InMemoryWebhookSecrets();
    final RecordingAuditTrail audit = new RecordingAuditTrail();
    final FakeResolver dns = new FakeResolver()
            .answer("hooks.example.org", "93.184.215.14")
            .answer("other.example.org", "2606:2800:21f:cb07:6820:80da:af6b:8b2c");
    final WebhooksApi api =
            new WebhooksApi(store, secrets, new DestinationPolicy(List.of(), false, dns), audit, clock, CAP);

    // ------------------------------------------------------------------ helpers

    APIGatewayProxyResponseEvent create(String body) {
        return create(body, ApiEvent.API_KEY);
    }

    APIGatewayProxyResponseEvent create(String body, String apiKey) {
        return api.handle(
                ApiEvent.post(WebhooksApi.COLLECTION).json(body).apiKey(apiKey).build());
    }

    APIGatewayProxyResponseEvent list(String apiKey) {
        return api.handle(ApiEvent.get(WebhooksApi.COLLECTION).apiKey(apiKey).build());
    }

    APIGatewayProxyResponseEvent delete(String webhookId, String apiKey) {
        return api.handle(ApiEvent.request("DELETE", WebhooksApi.ITEM)
                .pathParameter("webhookId", webhookId)
                .apiKey(apiKey)
                .build());
    }

    static JsonNode json(APIGatewayProxyResponseEvent response) {
        try {
            return Json.parse(response.getBody());
        } catch (Json.InvalidJsonException e) {
            throw new AssertionError("not JSON: " + response.getBody(), e);
        }
    }

    String registered(String body) {
        APIGatewayProxyResponseEvent created = create(body);
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(201);
        return json(created).get("id").asText();
    }

    static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    static final List<String> ALL_TYPES =
            Stream.of(NotificationType.values()).map(NotificationType::wireName).toList();

    void assertNothingWritten() {
        assertThat(store.all()).isEmpty();
        assertThat(secrets.size()).isZero();
    }

    // ------------------------------------------------------------------ registering

    @Nested
    class Create {
        @Test
        void answers201WithTheSecretOnceAndStoresBothParts() {
            APIGatewayProxyResponseEvent created =
                    create("{\"url\":\"" + RECEIVER + "\",\"events\":[\"report.succeeded\",\"report.failed\"]}");

            assertThat(created.getStatusCode()).isEqualTo(201);
            assertThat(created.getHeaders())
                    .containsEntry("Content-Type", "application/json")
                    .containsEntry("Cache-Control", "no-store");
            JsonNode body = json(created);
            assertThat(names(body)).containsExactlyInAnyOrder("id", "url", "events", "secret", "createdAt");
            String id = body.get("id").asText();
            assertThat(WebhookIds.isValid(id)).as(id).isTrue();
            assertThat(body.get("url").asText()).isEqualTo(RECEIVER);
            assertThat(texts(body.get("events"))).containsExactly("report.succeeded", "report.failed");
            assertThat(body.get("createdAt").asText()).isEqualTo("2026-12-02T10:00:00Z");
            String secret = body.get("secret").asText();
            assertThat(secret).startsWith("whsec_");
            assertThat(Base64.getDecoder().decode(secret.substring("whsec_".length())))
                    .hasSize(32);

            Webhook stored = store.find(ApiEvent.TENANT, id).orElseThrow();
            assertThat(stored.url()).hasToString(RECEIVER);
            assertThat(stored.events()).containsExactlyInAnyOrder(NotificationType.SUCCEEDED, NotificationType.FAILED);
            assertThat(stored.createdAt()).isEqualTo(clock.epochSecond());
            assertThat(secrets.storedValue(id)).contains(secret);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", ",\"events\":null", ",\"events\":[]"})
        void withoutEventsItReceivesEveryType(String events) {
            JsonNode body = json(create("{\"url\":\"" + RECEIVER + "\"" + events + "}"));

            assertThat(texts(body.get("events"))).containsExactlyElementsOf(ALL_TYPES);
            Webhook stored =
                    store.find(ApiEvent.TENANT, body.get("id").asText()).orElseThrow();
            assertThat(stored.events()).isEmpty(); // every type, including types added later
            assertThat(EnumSet.allOf(NotificationType.class)).allMatch(stored::receives);
        }

        @Test
        void everyRegistrationGetsItsOwnIdAndSecret() {
            JsonNode first = json(create("{\"url\":\"" + RECEIVER + "\"}"));
            JsonNode second = json(create("{\"url\":\"" + RECEIVER + "\"}"));

            assertThat(first.get("id")).isNotEqualTo(second.get("id"));
            assertThat(first.get("secret")).isNotEqualTo(second.get("secret"));
        }

        @Test
        void isRecordedInTheAuditTrailNamingTheWebhookAndNoPatient() {
            String id = registered("{\"url\":\"" + RECEIVER + "\"}");

            assertThat(audit.entries()).singleElement().satisfies(entry -> {
                assertThat(entry.action()).isEqualTo(AuditAction.WEBHOOK_CREATE);
                assertThat(entry.tenant()).isEqualTo(ApiEvent.TENANT);
                assertThat(entry.outcome()).isEqualTo("ok");
                assertThat(entry.status()).isEqualTo(201);
                assertThat(entry.subjects()).isEmpty();
                assertThat(entry.resources()).containsExactly(id);
                assertThat(entry.requestId()).isNotEmpty();
                // The line the trail stores reads back the same, and never holds the secret or the URL.
                String line = AuditEntries.toJson(entry);
                assertThat(line).doesNotContain("whsec_").doesNotContain("hooks.example.org");
            });
        }

        @Test
        void theCapPerCallerIsA409AndWritesNothing() {
            for (int i = 0; i < CAP; i++) {
                registered("{\"url\":\"" + RECEIVER + "\"}");
            }
            APIGatewayProxyResponseEvent refused = create("{\"url\":\"" + RECEIVER + "\"}");

            assertThat(refused.getStatusCode()).isEqualTo(409);
            assertThat(json(refused).get("type").asText()).isEqualTo("urn:problem:medsum:webhook-limit");
            assertThat(store.all()).hasSize(CAP);
            assertThat(secrets.size()).isEqualTo(CAP);
            assertThat(audit.entries()).last().satisfies(entry -> {
                assertThat(entry.outcome()).isEqualTo("conflict");
                assertThat(entry.resources()).isEmpty();
            });
            // Another caller has its own allowance.
            assertThat(create("{\"url\":\"" + RECEIVER + "\"}", OTHER_KEY).getStatusCode())
                    .isEqualTo(201);
        }
    }

    // ------------------------------------------------------------------ listing and tenancy

    @Nested
    class ListAndTenancy {
        @Test
        void listsTheCallersOwnWebhooksWithoutSecrets() throws InterruptedException {
            String first = registered("{\"url\":\"" + RECEIVER + "\",\"events\":[\"report.reviewed\"]}");
            // Ids order by their millisecond; two drawn in the same one are random among themselves.
            Thread.sleep(2);
            String second = registered("{\"url\":\"https://other.example.org/in\"}");
            create("{\"url\":\"" + RECEIVER + "\"}", OTHER_KEY);

            APIGatewayProxyResponseEvent listed = list(ApiEvent.API_KEY);

            assertThat(listed.getStatusCode()).isEqualTo(200);
            assertThat(listed.getBody()).doesNotContain("secret").doesNotContain("whsec_");
            JsonNode items = json(listed).get("items");
            assertThat(items).hasSize(2);
            assertThat(names(items.get(0))).containsExactlyInAnyOrder("id", "url", "events", "createdAt");
            assertThat(items.get(0).get("id").asText()).isEqualTo(first);
            assertThat(texts(items.get(0).get("events"))).containsExactly("report.reviewed");
            assertThat(items.get(1).get("id").asText()).isEqualTo(second);
            assertThat(texts(items.get(1).get("events"))).containsExactlyElementsOf(ALL_TYPES);
            assertThat(audit.entries()).last().satisfies(entry -> {
                assertThat(entry.action()).isEqualTo(AuditAction.WEBHOOK_LIST);
                assertThat(entry.resources()).containsExactly(first, second);
                assertThat(entry.status()).isEqualTo(200);
            });
        }

        @Test
        void aCallerWithoutWebhooksGetsAnEmptyList() {
            registered("{\"url\":\"" + RECEIVER + "\"}");

            APIGatewayProxyResponseEvent listed = list(OTHER_KEY);

            assertThat(listed.getStatusCode()).isEqualTo(200);
            assertThat(json(listed).get("items")).isEmpty();
        }

        @Test
        void anotherTenantsWebhookAnswersExactlyLikeAMissingOneAndStays() {
            String id = registered("{\"url\":\"" + RECEIVER + "\"}");
            String secret = secrets.storedValue(id).orElseThrow();

            APIGatewayProxyResponseEvent foreign = delete(id, OTHER_KEY);
            APIGatewayProxyResponseEvent missing = delete(WebhookIds.next(), OTHER_KEY);

            assertThat(foreign.getStatusCode()).isEqualTo(404);
            assertThat(foreign.getBody()).isEqualTo(missing.getBody());
            assertThat(foreign.getHeaders()).isEqualTo(missing.getHeaders());
            assertThat(store.find(ApiEvent.TENANT, id)).isPresent();
            assertThat(secrets.storedValue(id)).contains(secret);
            assertThat(audit.entries()).last().satisfies(entry -> {
                assertThat(entry.action()).isEqualTo(AuditAction.WEBHOOK_DELETE);
                assertThat(entry.tenant()).isEqualTo(Tenants.ofApiKey(OTHER_KEY));
                assertThat(entry.outcome()).isEqualTo("not-found");
            });
        }

        @Test
        void everySessionOfOneIamRoleIsOneCaller() {
            String role = "arn:aws:sts::123456789012:assumed-role/ClinicApp/";
            APIGatewayProxyRequestEvent asAlice = iam(
                    ApiEvent.post(WebhooksApi.COLLECTION)
                            .json("{\"url\":\"" + RECEIVER + "\"}")
                            .build(),
                    role + "alice");
            String id = json(api.handle(asAlice)).get("id").asText();

            JsonNode listedByBob =
                    json(api.handle(iam(ApiEvent.get(WebhooksApi.COLLECTION).build(), role + "bob")));
            JsonNode listedByKey = json(list(ApiEvent.API_KEY));

            assertThat(listedByBob.get("items").findValuesAsText("id")).containsExactly(id);
            assertThat(listedByKey.get("items")).isEmpty();
            assertThat(audit.entries().get(0).principal()).isEqualTo(role + "alice");
        }

        private APIGatewayProxyRequestEvent iam(APIGatewayProxyRequestEvent event, String arn) {
            event.getRequestContext().getIdentity().setApiKey(null);
            event.getRequestContext().getIdentity().setUserArn(arn);
            return event;
        }
    }

    // ------------------------------------------------------------------ deleting

    @Nested
    class Delete {
        @Test
        void removesTheRegistrationAndItsSecret() {
            String id = registered("{\"url\":\"" + RECEIVER + "\"}");

            APIGatewayProxyResponseEvent deleted = delete(id, ApiEvent.API_KEY);

            assertThat(deleted.getStatusCode()).isEqualTo(204);
            assertThat(deleted.getBody()).isNull();
            assertThat(deleted.getHeaders()).containsEntry("Cache-Control", "no-store");
            assertNothingWritten();
            assertThat(audit.entries()).last().satisfies(entry -> {
                assertThat(entry.action()).isEqualTo(AuditAction.WEBHOOK_DELETE);
                assertThat(entry.outcome()).isEqualTo("ok");
                assertThat(entry.status()).isEqualTo(204);
                assertThat(entry.resources()).containsExactly(id);
            });
            assertThat(delete(id, ApiEvent.API_KEY).getStatusCode()).isEqualTo(404);
        }

        @ParameterizedTest
        @ValueSource(strings = {"nope", "wh_", "wh_01hzx3k9v7q2w8e5r4t6y1m0pa", "REPORT-01HZX3K9V7Q2W8E5R4T6Y1M0PA"})
        void aMalformedIdIsA400BeforeAnyLookup(String id) {
            store.failures().fail(InMemoryWebhookStore.Operation.FIND);

            APIGatewayProxyResponseEvent refused = delete(id, ApiEvent.API_KEY);

            assertThat(refused.getStatusCode()).isEqualTo(400);
            assertThat(json(refused).at("/errors/0/field").asText()).isEqualTo("webhookId");
            assertThat(refused.getBody()).doesNotContain(id);
            assertThat(audit.entries()).isEmpty();
        }
    }

    // ------------------------------------------------------------------ routes

    @Test
    void otherMethodsAndRoutesAreRefused() {
        assertThat(api.handle(ApiEvent.request("PUT", WebhooksApi.COLLECTION).build())
                        .getStatusCode())
                .isEqualTo(405);
        assertThat(api.handle(ApiEvent.get(WebhooksApi.ITEM)
                                .pathParameter("webhookId", WebhookIds.next())
                                .build())
                        .getStatusCode())
                .isEqualTo(405);
        assertThat(api.handle(ApiEvent.get("/webhooks/{webhookId}/secret").build())
                        .getStatusCode())
                .isEqualTo(404);
        assertThat(audit.entries()).isEmpty();
    }

    // ------------------------------------------------------------------ bad requests: nothing written

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                Arguments.of("{}", "url"),
                Arguments.of("{\"url\":null}", "url"),
                Arguments.of("{\"url\":42}", "url"),
                Arguments.of("{\"url\":[\"" + RECEIVER + "\"]}", "url"),
                Arguments.of("{\"url\":{\"href\":\"" + RECEIVER + "\"}}", "url"),
                Arguments.of("{\"url\":true}", "url"),
                Arguments.of("{\"url\":\"\"}", "url"),
                Arguments.of("{\"url\":\"" + RECEIVER + "\",\"secret\":\"whsec_mine\"}", "secret"),
                Arguments.of("{\"url\":\"" + RECEIVER + "\",\"bad name!\":1}", "(unknown field)"),
                Arguments.of("{\"url\":\"" + RECEIVER + "\",\"events\":\"report.succeeded\"}", "events"),
                Arguments.of("{\"url\":\"" + RECEIVER + "\",\"events\":{}}", "events"),
                Arguments.of("{\"url\":\"" + RECEIVER + "\",\"events\":[\"report.deleted\"]}", "events[0]"),
                Arguments.of("{\"url\":\"" + RECEIVER + "\",\"events\":[\"REPORT.SUCCEEDED\"]}", "events[0]"),
                Arguments.of("{\"url\":\"" + RECEIVER + "\",\"events\":[\"report.failed\",null]}", "events[1]"),
                Arguments.of("{\"url\":\"" + RECEIVER + "\",\"events\":[\"report.failed\",7]}", "events[1]"),
                Arguments.of(
                        "{\"url\":\"" + RECEIVER + "\",\"events\":[\"report.failed\",\"report.failed\"]}", "events[1]"),
                Arguments.of(
                        "{\"url\":\"" + RECEIVER + "\",\"events\":[\"report.failed\",\"report.failed\","
                                + "\"report.failed\",\"report.failed\",\"report.failed\"]}",
                        "events"),
                Arguments.of("[\"" + RECEIVER + "\"]", "(body)"),
                Arguments.of("\"" + RECEIVER + "\"", "(body)"),
                Arguments.of("null", "(body)"));
    }

    @ParameterizedTest
    @MethodSource("invalidBodies")
    void anInvalidRegistrationIsA400NamingTheFieldAndWritesNothing(String body, String field) {
        APIGatewayProxyResponseEvent refused = create(body);

        assertThat(refused.getStatusCode()).as(refused.getBody()).isEqualTo(400);
        assertThat(refused.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        JsonNode problem = json(refused);
        assertThat(problem.get("type").asText()).isEqualTo("urn:problem:medsum:validation");
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.findValuesAsText("field")).contains(field);
        assertNothingWritten();
        assertThat(audit.entries()).isEmpty();
    }

    @Test
    void everyFieldErrorIsReportedAtOnce() {
        JsonNode problem = json(create("{\"url\":\"http://hooks.example.org/\",\"events\":[\"nope\"],\"x\":1}"));

        assertThat(problem.findValuesAsText("field")).containsExactlyInAnyOrder("x", "events[0]", "url");
    }

    @Test
    void malformedJsonAndDuplicateMembersAre400() {
        APIGatewayProxyResponseEvent malformed = create("{\"url\":");
        APIGatewayProxyResponseEvent duplicate =
                create("{\"url\":\"" + RECEIVER + "\",\"url\":\"https://other.example.org/\"}");

        assertThat(malformed.getStatusCode()).isEqualTo(400);
        assertThat(json(malformed).get("type").asText()).isEqualTo("urn:problem:medsum:malformed-json");
        assertThat(duplicate.getStatusCode()).isEqualTo(400);
        assertThat(json(duplicate).get("detail").asText()).contains("duplicate");
        assertNothingWritten();
    }

    @Test
    void aBodyThatIsNotJsonOrTooLargeOrNotUtf8IsRefused() {
        APIGatewayProxyResponseEvent form = api.handle(ApiEvent.post(WebhooksApi.COLLECTION)
                .body("url=" + RECEIVER, "application/x-www-form-urlencoded")
                .build());
        APIGatewayProxyResponseEvent noType =
                api.handle(ApiEvent.post(WebhooksApi.COLLECTION).build());
        APIGatewayProxyResponseEvent large =
                create("{\"url\":\"" + RECEIVER + "?" + "a".repeat(WebhooksApi.MAX_BODY_BYTES) + "\"}");
        APIGatewayProxyResponseEvent latin1 = api.handle(ApiEvent.post(WebhooksApi.COLLECTION)
                .bytes(new byte[] {'{', '"', 'u', (byte) 0xE9, '"', ':', '1', '}'}, "application/json")
                .build());

        assertThat(form.getStatusCode()).isEqualTo(415);
        assertThat(noType.getStatusCode()).isEqualTo(415);
        assertThat(large.getStatusCode()).isEqualTo(413);
        assertThat(latin1.getStatusCode()).isEqualTo(400);
        assertNothingWritten();
        assertThat(audit.entries()).isEmpty();
    }

    // ------------------------------------------------------------------ outages

    @Nested
    class Outages {
        @Test
        void withTheAuditTrailDownNothingIsRegisteredShownOrRemoved() {
            String kept = registered("{\"url\":\"" + RECEIVER + "\"}");
            audit.makeUnavailable();

            APIGatewayProxyResponseEvent created = create("{\"url\":\"https://other.example.org/\"}");
            APIGatewayProxyResponseEvent listed = list(ApiEvent.API_KEY);
            APIGatewayProxyResponseEvent deleted = delete(kept, ApiEvent.API_KEY);

            for (APIGatewayProxyResponseEvent refused : List.of(created, listed, deleted)) {
                assertThat(refused.getStatusCode()).isEqualTo(503);
                assertThat(json(refused).get("type").asText()).isEqualTo("urn:problem:medsum:audit-unavailable");
                assertThat(refused.getBody()).doesNotContain(kept).doesNotContain("whsec_");
            }
            assertThat(store.all()).extracting(Webhook::id).containsExactly(kept);
            assertThat(secrets.size()).isEqualTo(1);
        }

        @Test
        void aSecretThatCannotBeStoredLeavesNoRegistration() {
            secrets.failures().fail(InMemoryWebhookSecrets.Operation.CREATE);

            APIGatewayProxyResponseEvent refused = create("{\"url\":\"" + RECEIVER + "\"}");

            assertThat(refused.getStatusCode()).isEqualTo(503);
            assertThat(json(refused).get("type").asText()).isEqualTo("urn:problem:medsum:unavailable");
            assertThat(refused.getBody()).doesNotContain("whsec_");
            assertNothingWritten();
            // Recorded before, as about to happen; then its failure.
            assertThat(audit.entries())
                    .extracting(AuditEntry::outcome, AuditEntry::status)
                    .containsExactly(tuple("ok", 201), tuple("error", 503));
            assertThat(audit.entries().get(0).resources())
                    .isEqualTo(audit.entries().get(1).resources());
        }

        @Test
        void aSecretStoredButNotAcknowledgedIsRemovedWithTheRegistration() {
            secrets.failures().failAfterEffect(InMemoryWebhookSecrets.Operation.CREATE);

            assertThat(create("{\"url\":\"" + RECEIVER + "\"}").getStatusCode()).isEqualTo(503);

            assertNothingWritten();
        }

        @Test
        void aRegistrationStoredButNotAcknowledgedIsRemovedAndNoSecretIsKept() {
            store.failures().failAfterEffect(InMemoryWebhookStore.Operation.SAVE);

            assertThat(create("{\"url\":\"" + RECEIVER + "\"}").getStatusCode()).isEqualTo(503);

            assertNothingWritten();
        }

        @Test
        void theRegistryDownIsA503ThroughTheHandlersPolicy() {
            store.failures().fail(InMemoryWebhookStore.Operation.LIST);

            APIGatewayProxyResponseEvent answer =
                    ApiHandling.respond(ApiEvent.get(WebhooksApi.COLLECTION).build(), CorsPolicy.of(""), api::handle);

            assertThat(answer.getStatusCode()).isEqualTo(503);
            assertThat(audit.entries()).isEmpty();
        }

        @Test
        void aRemovalThatFailsKeepsTheSecretAndARetryCompletesIt() {
            String id = registered("{\"url\":\"" + RECEIVER + "\"}");
            store.failures().fail(InMemoryWebhookStore.Operation.DELETE);

            assertThat(delete(id, ApiEvent.API_KEY).getStatusCode()).isEqualTo(503);
            assertThat(store.find(ApiEvent.TENANT, id)).isPresent();
            assertThat(secrets.storedValue(id)).isPresent();

            store.failures().end();
            assertThat(delete(id, ApiEvent.API_KEY).getStatusCode()).isEqualTo(204);
            assertNothingWritten();
        }

        @Test
        void aSecretThatCannotBeDeletedDoesNotKeepTheWebhook() {
            String id = registered("{\"url\":\"" + RECEIVER + "\"}");
            secrets.failures().fail(InMemoryWebhookSecrets.Operation.DELETE);

            assertThat(delete(id, ApiEvent.API_KEY).getStatusCode()).isEqualTo(204);
            assertThat(store.all()).isEmpty();
        }
    }

    @Test
    void theSecretShownIsTheOneStoredAndSignsAsTheNotifierWill() {
        JsonNode body = json(create("{\"url\":\"" + RECEIVER + "\"}"));
        WebhookSecret shown = WebhookSecret.parse(body.get("secret").asText()).orElseThrow();
        Webhook webhook = store.find(ApiEvent.TENANT, body.get("id").asText()).orElseThrow();

        assertThat(secrets.find(webhook)).contains(shown);
        assertThat(shown.key()).hasSize(32);
    }
}
