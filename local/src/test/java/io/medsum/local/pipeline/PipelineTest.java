package io.medsum.local.pipeline;

import io.medsum.local.LocalPipeline;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/** One in-memory pipeline per test class; queues and model faults are reset before every test. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PipelineTest {
    protected LocalPipeline pipeline;
    protected ApiClient api;

    @BeforeAll
    void startPipeline() {
        pipeline = PipelineTestSupport.start(Map.of());
        api = new ApiClient(pipeline);
    }

    @AfterAll
    void stopPipeline() {
        pipeline.close();
    }

    @BeforeEach
    void resetQueuesAndModel() {
        PipelineTestSupport.purgeQueues(pipeline);
        pipeline.bedrock().faults().clear();
        pipeline.bedrock().counters().reset();
    }
}
