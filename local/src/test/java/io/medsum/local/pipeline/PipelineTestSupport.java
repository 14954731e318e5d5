package io.medsum.local.pipeline;

import io.medsum.common.aws.DynamoReportStore;
import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportKey;
import io.medsum.local.LocalPipeline;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** What the pipeline tests share: fast retry settings, unique patients, and looks into table and queues. */
final class PipelineTestSupport {
    private static final AtomicInteger PATIENTS = new AtomicInteger();

    /** Seconds-long backoffs and timeouts would make the suite slow; the logic under test is the same. */
    static final Map<String, String> FAST = Map.of(
            "RETRY_BASE_SECONDS", "0",
            "RETRY_CAP_SECONDS", "1",
            "MODEL_MAX_ATTEMPTS", "1",
            "MODEL_ATTEMPT_TIMEOUT_MS", "5000",
            "LEASE_SECONDS", "4");

    static LocalPipeline start(Map<String, String> extraEnvironment) {
        Map<String, String> env = new HashMap<>(FAST);
        env.putAll(extraEnvironment);
        return LocalPipeline.start(LocalPipeline.Options.inMemory().withEnvironment(env));
    }

    private PipelineTestSupport() {}

    static String newPatient() {
        return "PT-" + ProcessHandle.current().pid() + "-" + PATIENTS.incrementAndGet();
    }

    static Map<String, Object> report(String patientId, String text) {
        return Map.of(
                "patientId",
                patientId,
                "text",
                text,
                "sourceSystem",
                "MedicalRecord",
                "metadata",
                Map.of("physician", "Dr. Grey", "urgency", "MEDIUM"));
    }

    static String sampleText() {
        return "HISTORY: A 54-year-old man with two days of productive cough and fever. "
                + "EXAM: Crackles at the right lung base. ASSESSMENT: Community-acquired pneumonia. "
                + "PLAN: Amoxicillin 1 g three times daily for five days; review in 48 hours.";
    }

    static DynamoReportStore store(LocalPipeline pipeline) {
        return new DynamoReportStore(pipeline.dynamo(), pipeline.resources().tableName());
    }

    static Optional<Report> record(LocalPipeline pipeline, String patientId, String reportId) {
        return store(pipeline).find(new ReportKey(patientId, reportId));
    }

    static Map<String, AttributeValue> rawItem(LocalPipeline pipeline, String patientId, String reportId) {
        return pipeline.dynamo()
                .getItem(b -> b.tableName(pipeline.resources().tableName())
                        .consistentRead(true)
                        .key(Map.of(
                                "PatientID",
                                AttributeValue.fromS(patientId),
                                "ReportID",
                                AttributeValue.fromS(reportId))))
                .item();
    }

    static int recordsOf(LocalPipeline pipeline, String patientId) {
        return pipeline.dynamo()
                .query(b -> b.tableName(pipeline.resources().tableName())
                        .keyConditionExpression("PatientID = :p")
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(patientId))))
                .count();
    }

    static int tableSize(LocalPipeline pipeline) {
        return pipeline.dynamo()
                .scan(b -> b.tableName(pipeline.resources().tableName()))
                .count();
    }

    static void drain(LocalPipeline pipeline) {
        if (!pipeline.drain(Duration.ofSeconds(60))) {
            throw new AssertionError("The queue did not drain within 60 s");
        }
    }

    /** Everything in a queue, read without consuming it for long (visibility 1 s). */
    static List<Message> peek(LocalPipeline pipeline, String queueUrl) {
        return pipeline.sqs()
                .receiveMessage(b -> b.queueUrl(queueUrl)
                        .maxNumberOfMessages(10)
                        .visibilityTimeout(1)
                        .waitTimeSeconds(0)
                        .messageAttributeNames("All")
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
                .messages();
    }

    static void purgeQueues(LocalPipeline pipeline) {
        pipeline.sqs().purgeQueue(b -> b.queueUrl(pipeline.resources().queueUrl()));
        pipeline.sqs().purgeQueue(b -> b.queueUrl(pipeline.resources().dlqUrl()));
    }
}
