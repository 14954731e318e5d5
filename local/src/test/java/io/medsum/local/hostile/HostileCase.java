package io.medsum.local.hostile;

import java.util.function.Function;

/**
 * One generated bad request and the answer it must get.
 *
 * @param category what it attacks, e.g. {@code invalid-utf8}
 * @param name what exactly, unique within the category; failures name the case by both
 * @param request builds the request around a canary string that must never come back in the answer
 * @param expected the answer
 */
record HostileCase(String category, String name, Function<String, WireRequest> request, Expected expected) {

    /** Who answers: the functions (a problem document) or API Gateway itself. */
    enum Responder {
        /**
         * An RFC 9457 problem from the function, checked against openapi.yaml where the operation declares the status.
         */
        FUNCTION,
        /**
         * An RFC 9457 problem from the gateway in front of the functions (e.g. 413 for a body over 6 MB on a GET
         * route).
         */
        GATEWAY_PROBLEM,
        /** API Gateway's answer to a missing or wrong API key: the template's INVALID_API_KEY problem document, 403. */
        API_GATEWAY_FORBIDDEN
    }

    record Expected(int status, Responder responder) {
        static Expected problem(int status) {
            return new Expected(status, Responder.FUNCTION);
        }

        static Expected gatewayProblem(int status) {
            return new Expected(status, Responder.GATEWAY_PROBLEM);
        }

        static Expected forbidden() {
            return new Expected(403, Responder.API_GATEWAY_FORBIDDEN);
        }
    }

    String displayName() {
        return "[" + category + "] " + name + " -> " + expected.status();
    }
}
