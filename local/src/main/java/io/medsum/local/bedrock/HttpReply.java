package io.medsum.local.bedrock;

import java.util.LinkedHashMap;
import java.util.Map;

/** Status, extra headers and JSON body of one answer, built before anything is written to the wire. */
record HttpReply(int status, Map<String, String> headers, byte[] body) {
    static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";

    static HttpReply ok(byte[] body) {
        return new HttpReply(200, Map.of(), body);
    }

    /** InvokeModel also reports usage in headers, which SDK users read from the raw response. */
    static HttpReply okWithUsageHeaders(ModelReply reply, long latencyMs) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Amzn-Bedrock-Input-Token-Count", Integer.toString(reply.generation().inputTokens()));
        headers.put("X-Amzn-Bedrock-Output-Token-Count", Integer.toString(reply.generation().outputTokens()));
        headers.put("X-Amzn-Bedrock-Invocation-Latency", Long.toString(latencyMs));
        return new HttpReply(200, headers, reply.body());
    }

    static HttpReply error(BedrockError error) {
        return error(error, error.defaultMessage());
    }

    static HttpReply error(BedrockError error, String message) {
        return errorShape(error.httpStatus(), error.errorTypeHeader(), message);
    }

    /** What the service front door answers for a path that is no Bedrock Runtime operation. */
    static HttpReply unknownOperation() {
        return errorShape(404, "UnknownOperationException", "The requested operation is not recognized by this stand-in.");
    }

    private static HttpReply errorShape(int status, String errorTypeHeader, String message) {
        byte[] body = ModelJson.write(Map.of("message", message));
        return new HttpReply(status, Map.of(ERROR_TYPE_HEADER, errorTypeHeader), body);
    }
}
