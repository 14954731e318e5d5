package io.medsum.bench.harness;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.internal.http.loader.DefaultSdkHttpClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * The cold-start benchmark's child process: runs in a fresh JVM with only a function's Lambda jar (plus an optional
 * HTTP client) and this class on the classpath, builds the handler as the Lambda runtime would (no-arg constructor,
 * environment from the process), invokes one event and prints {@code COLDSTART <jvm start to main> <init> <first event>
 * <jvm start to answer> <result> <process CPU> <HTTP client>}, times in milliseconds. Uses only the JDK, the Lambda
 * event types and the SDK's HTTP loading, which every function jar carries.
 *
 * <p>Arguments: {@code HANDLER_CLASS api METHOD RESOURCE PATH PATH_PARAMS(k=v;k=v or -) BODY_FILE(or -)} or
 * {@code HANDLER_CLASS sqs BODY_FILE QUEUE_ARN}.
 */
public final class ColdStartHarness {
    private ColdStartHarness() {}

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void main(String[] args) throws Exception {
        long mainWall = System.currentTimeMillis();
        long mainNanos = System.nanoTime();
        Object handler = Class.forName(args[0]).getConstructor().newInstance();
        long initNanos = System.nanoTime();
        Object event = args[1].equals("sqs") ? sqsEvent(args) : apiEvent(args);
        Object response = ((RequestHandler) handler).handleRequest(event, new HarnessContext(args[0]));
        long answeredNanos = System.nanoTime();
        long answeredWall = System.currentTimeMillis();
        String result;
        if (response instanceof APIGatewayProxyResponseEvent api) {
            result = "HTTP" + api.getStatusCode();
        } else if (response instanceof SQSBatchResponse batch) {
            result = "failures="
                    + (batch.getBatchItemFailures() == null
                            ? 0
                            : batch.getBatchItemFailures().size());
        } else {
            result = String.valueOf(response);
        }
        long cpuMs = processCpuMillis();
        // Read after the answer: the management classes must not sit in the measured path.
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println("COLDSTART " + (mainWall - jvmStart) + " " + (initNanos - mainNanos) / 1_000_000 + " "
                + (answeredNanos - initNanos) / 1_000_000 + " " + (answeredWall - jvmStart) + " " + result + " " + cpuMs
                + " " + httpClient());
        System.out.flush();
        System.exit(0);
    }

    /**
     * The HTTP client the SDK's default loading gives in this JVM: the handler's clients came from the same loading
     * (the service it picks is cached), so this is the client the run measured. Built after the answer, outside the
     * figures.
     */
    private static String httpClient() {
        try (SdkHttpClient client = new DefaultSdkHttpClientBuilder().buildWithDefaults(AttributeMap.empty())) {
            return client.clientName();
        }
    }

    /**
     * CPU time of the whole process (all threads: JIT, GC, the handler) so far, from /proc/self/stat (utime + stime, in
     * clock ticks of 10 ms): less disturbed than wall time by other work on a busy machine. -1 where unavailable.
     */
    private static long processCpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static APIGatewayProxyRequestEvent apiEvent(String[] args) throws Exception {
        String method = args[2];
        String resource = args[3];
        String path = args[4];
        Map<String, String> pathParameters = null;
        if (!args[5].equals("-")) {
            pathParameters = new HashMap<>();
            for (String pair : args[5].split(";")) {
                String[] kv = pair.split("=", 2);
                pathParameters.put(kv[0], kv[1]);
            }
        }
        String body = args[6].equals("-") ? null : Files.readString(Path.of(args[6]), StandardCharsets.UTF_8);
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Host", "127.0.0.1");
        var identity = new APIGatewayProxyRequestEvent.RequestIdentity()
                .withSourceIp("127.0.0.1")
                .withApiKey("coldstart-bench");
        var context = new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withRequestId(UUID.randomUUID().toString())
                .withResourcePath(resource)
                .withHttpMethod(method)
                .withPath(path)
                .withStage("v1")
                .withIdentity(identity)
                .withRequestTimeEpoch(System.currentTimeMillis());
        return new APIGatewayProxyRequestEvent()
                .withResource(resource)
                .withPath(path)
                .withHttpMethod(method)
                .withHeaders(headers)
                .withPathParameters(pathParameters)
                .withBody(body)
                .withRequestContext(context);
    }

    private static SQSEvent sqsEvent(String[] args) throws Exception {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(UUID.randomUUID().toString());
        message.setReceiptHandle("coldstart-" + UUID.randomUUID());
        message.setBody(Files.readString(Path.of(args[2]), StandardCharsets.UTF_8));
        message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        message.setMessageAttributes(Map.of());
        message.setEventSource("aws:sqs");
        message.setEventSourceArn(args[3]);
        message.setAwsRegion("us-east-1");
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        return event;
    }

    private record HarnessContext(String functionName) implements Context {
        @Override
        public String getAwsRequestId() {
            return UUID.randomUUID().toString();
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/" + functionName;
        }

        @Override
        public String getLogStreamName() {
            return "coldstart";
        }

        @Override
        public String getFunctionName() {
            return functionName;
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:coldstart";
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
            return 30_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.out.print(message);
                }

                @Override
                public void log(byte[] message) {
                    System.out.print(new String(message, StandardCharsets.UTF_8));
                }
            };
        }
    }
}
