package io.medsum.local.bedrock;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.UUID;

/** Status, extra headers and JSON body of one answer, built before anything is written to the wire. */
record HttpReply(int status, Map<String, String> headers, byte[] body) {
    static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";

    static HttpReply ok(byte[] body) {
        return new HttpReply(200, Map.of(), body);
    }

    static HttpReply error(BedrockError error) {
        return error(error, error.defaultMessage());
    }

    static HttpReply error(BedrockError error, String message) {
        return errorShape(error.httpStatus(), error.errorTypeHeader(), message);
    }

    /** What the service front door answers for a path that is no operation the stand-in serves. */
    static HttpReply unknownOperation() {
        return errorShape(
                404, "UnknownOperationException", "The requested operation is not recognized by this stand-in.");
    }

    private static HttpReply errorShape(int status, String errorTypeHeader, String message) {
        byte[] body = ModelJson.write(Map.of("message", message));
        return new HttpReply(status, Map.of(ERROR_TYPE_HEADER, errorTypeHeader), body);
    }

    void writeTo(HttpExchange exchange) throws IOException {
        var responseHeaders = exchange.getResponseHeaders();
        responseHeaders.set("Content-Type", "application/json");
        responseHeaders.set("x-amzn-RequestId", UUID.randomUUID().toString());
        headers.forEach(responseHeaders::set);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
