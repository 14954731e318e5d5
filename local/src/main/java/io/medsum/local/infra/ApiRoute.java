package io.medsum.local.infra;

/** One SAM {@code Api} event: requests with this method and path template go to this function. */
public record ApiRoute(String method, String path, String functionLogicalId, String eventName) {}
